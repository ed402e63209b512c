package dev.depot.internal.blob;

import dev.depot.DepotException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The keys of a folder tree in UTF-8 byte order, walked lazily: a folder is read when the walk
 * enters it, and at most {@code chunk} of its names are held at a time.
 *
 * <p>Why the order is right: every key under folder {@code d} starts with {@code d/}, so sorting
 * each folder's entries with folders as {@code name/} and files as {@code name}, and walking
 * depth first, yields keys in global byte order ({@code a.b} sorts before {@code a/x} because
 * {@code .} is 0x2E and {@code /} is 0x2F). Entries that {@code prefix} excludes or that sort
 * wholly before {@code startAfter} (a folder whose every key is before it) are dropped while the
 * folder is read, so resuming a listing does not re-read the folders already passed.
 *
 * <p>Memory: a folder with more than {@code chunk} entries is read again for each further chunk
 * (the next {@code chunk} names after the last one handed out, kept in a bounded heap), so a flat
 * folder of a million files costs a few more directory scans instead of a million names in heap.
 */
final class KeyWalker implements Iterator<String> {
    /** Names held per folder by default. */
    static final int CHUNK = 10_000;

    private record Entry(String name, boolean dir, String sortKey) {}

    private static final Comparator<Entry> ORDER = (a, b) -> FileBlobStore.compareUtf8(a.sortKey(), b.sortKey());

    /** One folder being walked: the current chunk of its entries and where the next chunk starts. */
    private final class Level {
        final Path dir;
        final String keyPrefix;
        List<Entry> entries = List.of();
        int index;
        String after;
        boolean exhausted;

        Level(Path dir, String keyPrefix) {
            this.dir = dir;
            this.keyPrefix = keyPrefix;
        }

        /** The next entry in order, or null at the end of the folder. */
        Entry next() {
            if (index >= entries.size()) {
                if (exhausted || !refill()) {
                    return null;
                }
            }
            Entry e = entries.get(index++);
            after = e.sortKey();
            return e;
        }

        /** Reads the next chunk; false when the folder has no more (or is gone). */
        private boolean refill() {
            PriorityQueue<Entry> largestFirst = new PriorityQueue<>(ORDER.reversed());
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
                    Entry e = new Entry(name, isDir, isDir ? name + "/" : name);
                    if ((after != null && FileBlobStore.compareUtf8(e.sortKey(), after) <= 0) || !wanted(keyPrefix, e)) {
                        continue;
                    }
                    largestFirst.add(e);
                    if (largestFirst.size() > chunk) {
                        largestFirst.poll();
                    }
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                exhausted = true; // the folder is gone or was never made: nothing (more) under it
                return false;
            } catch (IOException e) {
                throw new DepotException("cannot list the folder " + dir + " of the blob store: " + e, e);
            }
            List<Entry> sorted = new ArrayList<>(largestFirst);
            sorted.sort(ORDER);
            exhausted = sorted.size() < chunk;
            entries = sorted;
            index = 0;
            return !sorted.isEmpty();
        }
    }

    private final Path root;
    private final String prefix;
    private final String startAfter;
    private final String reservedTopName;
    private final int chunk;
    private final Deque<Level> stack = new ArrayDeque<>();
    private String next;

    KeyWalker(Path root, String prefix, String startAfter, String reservedTopName) {
        this(root, prefix, startAfter, reservedTopName, CHUNK);
    }

    KeyWalker(Path root, String prefix, String startAfter, String reservedTopName, int chunk) {
        this.root = root;
        this.prefix = prefix;
        this.startAfter = startAfter;
        this.reservedTopName = reservedTopName;
        this.chunk = chunk;
        String dirPrefix = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        stack.push(new Level(dirPrefix.isEmpty() ? root : root.resolve(dirPrefix), dirPrefix));
    }

    Stream<String> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    /** Whether an entry of the folder {@code keyPrefix} can hold keys this listing returns. */
    private boolean wanted(String keyPrefix, Entry e) {
        String key = keyPrefix + e.name();
        if (e.dir()) {
            String sub = key + "/";
            boolean inPrefix = sub.startsWith(prefix) || prefix.startsWith(sub);
            boolean allBefore = startAfter != null && FileBlobStore.compareUtf8(sub, startAfter) < 0 && !startAfter.startsWith(sub);
            return inPrefix && !allBefore;
        }
        return key.startsWith(prefix) && (startAfter == null || FileBlobStore.compareUtf8(key, startAfter) > 0);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !stack.isEmpty()) {
            Level top = stack.peek();
            Entry e = top.next();
            if (e == null) {
                stack.pop();
            } else if (e.dir()) {
                String sub = top.keyPrefix + e.name() + "/";
                stack.push(new Level(root.resolve(sub), sub));
            } else {
                next = top.keyPrefix + e.name();
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
