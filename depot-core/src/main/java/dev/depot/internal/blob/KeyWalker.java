package dev.depot.internal.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The keys of a folder tree in UTF-8 byte order, walked lazily: one folder's names are read
 * when the walk enters it, never the whole tree.
 *
 * <p>Why the order is right: every key under folder {@code d} starts with {@code d/}, so sorting
 * each folder's entries with folders as {@code name/} and files as {@code name}, and walking
 * depth first, yields keys in global byte order ({@code a.b} sorts before {@code a/x} because
 * {@code .} is 0x2E and {@code /} is 0x2F). {@code startAfter} skips whole folders whose keys
 * all sort before it, so resuming a listing does not re-read the folders already passed.
 */
final class KeyWalker implements Iterator<String> {
    private record Entry(String name, boolean dir, String sortKey) {}

    private static final class Level {
        final String keyPrefix;
        final List<Entry> entries;
        int index;

        Level(String keyPrefix, List<Entry> entries) {
            this.keyPrefix = keyPrefix;
            this.entries = entries;
        }
    }

    private final Path root;
    private final String prefix;
    private final String startAfter;
    private final String reservedTopName;
    private final Deque<Level> stack = new ArrayDeque<>();
    private String next;

    KeyWalker(Path root, String prefix, String startAfter, String reservedTopName) {
        this.root = root;
        this.prefix = prefix;
        this.startAfter = startAfter;
        this.reservedTopName = reservedTopName;
        String dirPrefix = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        Level first = level(dirPrefix);
        if (first != null) {
            stack.push(first);
        }
    }

    Stream<String> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT | Spliterator.SORTED), false);
    }

    private Level level(String keyPrefix) {
        Path dir = keyPrefix.isEmpty() ? root : root.resolve(keyPrefix);
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (keyPrefix.isEmpty() && name.equals(reservedTopName)) {
                    continue;
                }
                boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (!isDir && !Files.isRegularFile(p)) {
                    continue;
                }
                entries.add(new Entry(name, isDir, isDir ? name + "/" : name));
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null; // the folder is gone or was never made: nothing under it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        entries.sort((a, b) -> FileBlobStore.compareUtf8(a.sortKey(), b.sortKey()));
        return new Level(keyPrefix, entries);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !stack.isEmpty()) {
            Level top = stack.peek();
            if (top.index >= top.entries.size()) {
                stack.pop();
                continue;
            }
            Entry e = top.entries.get(top.index++);
            String key = top.keyPrefix + e.name();
            if (e.dir()) {
                String sub = key + "/";
                boolean inPrefix = sub.startsWith(prefix) || prefix.startsWith(sub);
                boolean allBefore = startAfter != null && FileBlobStore.compareUtf8(sub, startAfter) < 0
                        && !startAfter.startsWith(sub);
                if (inPrefix && !allBefore) {
                    Level l = level(sub);
                    if (l != null) {
                        stack.push(l);
                    }
                }
            } else if (key.startsWith(prefix) && (startAfter == null || FileBlobStore.compareUtf8(key, startAfter) > 0)) {
                next = key;
            }
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String k = next;
        next = null;
        return k;
    }
}
