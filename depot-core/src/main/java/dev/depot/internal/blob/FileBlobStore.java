package dev.depot.internal.blob;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.BlobInfo;
import dev.depot.BlobNotFoundException;
import dev.depot.BlobOptions;
import dev.depot.ByteRange;
import dev.depot.DepotException;
import dev.depot.internal.DepotJson;
import dev.depot.internal.DirectorySync;
import dev.depot.internal.LeftoverFiles;
import dev.depot.spi.BlobKeys;
import dev.depot.spi.ConditionalPutBlobStore;
import dev.depot.spi.FilePutBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files in one folder: the object with key {@code a/b.png} is the file
 * {@code <folder>/a/b.png}, byte for byte, so a web server (or Mastodon's nginx) can serve the
 * folder as it is.
 *
 * <p>Design note. Depot's own files live in one reserved folder, {@code <folder>/.depot\}: its
 * name ends with a backslash, which no key may contain ({@link BlobKeys}), so no key can ever
 * name it or anything inside it, and {@link #list} skips it. It holds
 * <ul>
 *   <li>{@code meta/<key>}: the sidecar of each object (JSON: content type, cache control,
 *       public or private, user metadata, size, SHA-256, and the file key (device and inode) of
 *       the object file it describes). The meta tree has exactly the shape of the object tree
 *       (no suffix), so two keys that fit side by side as files also fit side by side as
 *       sidecars;</li>
 *   <li>{@code tmp/}: uploads in progress and sidecars waiting to be put in place.</li>
 * </ul>
 * A put streams into {@code tmp/<uuid>.part} while computing the SHA-256, fsyncs it, writes the
 * new sidecar to {@code tmp/<file key>.json} (fsynced), renames the object into place (or links
 * it, for {@code putIfAbsent}, which fails atomically when the name exists), then renames the
 * sidecar into place and fsyncs both folders. A reader trusts a sidecar only when it names the
 * object file's own file key; otherwise it looks for the pending sidecar of that file key. So a
 * crash between the two renames still shows the new object with its new metadata, and a crash
 * before the first rename leaves the old object and metadata untouched. Rename is atomic on
 * POSIX filesystems, so a reader sees the old or the new object, never a torn one. Leftover
 * {@code tmp/} files older than an hour are removed (or, for a pending sidecar whose object is in
 * place, moved into place) when the store opens; {@link #list} never shows them.
 *
 * <p>A folder copied elsewhere (a backup restored) gives the objects new file keys; a sidecar
 * whose size and SHA-256 match the object is then still used (and re-keyed, so the checksum is
 * computed once). The same check keeps a power loss that kept an object's rename but lost its
 * sidecar from pairing new bytes with old metadata. Files put into the folder by other tools
 * (Paperclip) have no sidecar: their content type is guessed from the name and their SHA-256
 * is unknown (null). A filesystem cannot hold both a key and keys under it ({@code a} and
 * {@code a/b}); such a put fails with {@link DepotException}.
 *
 * <p>Thread-safe. Writes of one key are serialized within the process (striped locks), so the
 * object and its sidecar stay paired; processes sharing a folder get atomic objects, but two of
 * them overwriting the same key at once may leave the metadata of one with the bytes of the other
 * (the reader then falls back to the guessed metadata, never to wrong checksums: the size and
 * file key are checked).
 *
 * <p>This class is long because each operation keeps its crash safety (temporary file, fsync, rename,
 * sidecar) next to it.
 */
public final class FileBlobStore implements ConditionalPutBlobStore, FilePutBlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileBlobStore.class);
    /** The reserved folder: no key segment can contain a backslash. */
    static final String RESERVED = ".depot\\";
    private static final int BUFFER = 256 * 1024;
    /** Longest file name on common filesystems (ext4, XFS, APFS, NTFS in UTF-16 units). */
    private static final int MAX_NAME_BYTES = 255;
    private static final Duration STALE = Duration.ofHours(1);
    private static final ObjectMapper JSON = DepotJson.MAPPER;
    private static final String DEFAULT_TYPE = "application/octet-stream";

    /** What is kept beside each object. */
    record Sidecar(String key, long size, String sha256, String contentType, String cacheControl,
                   boolean publicAccess, Map<String, String> metadata, String fileKey) {}

    private final Path root;
    private final Path meta;
    private final Path tmp;
    private final String baseUrl;
    private final ReentrantLock[] locks = new ReentrantLock[64];

    /**
     * A store in {@code folder}, created on the first write.
     *
     * @param baseUrl prefix of public URLs, or null for {@code file:} URIs of the objects
     */
    public FileBlobStore(Path folder, String baseUrl) {
        this.root = folder.toAbsolutePath().normalize();
        this.meta = root.resolve(RESERVED).resolve("meta");
        this.tmp = root.resolve(RESERVED).resolve("tmp");
        this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        cleanTemp();
    }

    /** The folder holding the objects. */
    public Path folder() {
        return root;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public Optional<BlobInfo> write(String key, InputStream in, long length, BlobOptions options, boolean onlyIfAbsent) {
        checkKey(key);
        BlobKeys.checkPut(in, length, options);
        Path target = root.resolve(key);
        if (onlyIfAbsent && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // cheap early answer; the link below is the atomic check
        }
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            return install(key, part, copy(key, in, length, part), options, onlyIfAbsent);
        } catch (IOException e) {
            throw new DepotException("cannot store '" + key + "' in " + description() + ": " + e, e);
        } finally {
            LeftoverFiles.deleteQuietly(part);
        }
    }

    /**
     * Renames {@code file} into the temporary folder when it is on the store's filesystem (one
     * fsync and a checksum pass instead of a second copy), otherwise streams it as {@link #put}.
     */
    @Override
    public BlobInfo putFile(String key, Path file, BlobOptions options) {
        checkKey(key);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(tmp);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new DepotException("cannot store '" + key + "' in " + description() + ": " + file
                        + " is not a regular file");
            }
            try {
                Files.move(file, part, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                try (InputStream in = Files.newInputStream(file)) {
                    return put(key, in, Files.size(file), options); // another filesystem: a copy it is
                } finally {
                    LeftoverFiles.deleteQuietly(file);
                }
            }
            return install(key, part, seal(part), options, false).orElseThrow();
        } catch (IOException e) {
            throw new DepotException("cannot store '" + key + "' in " + description() + ": " + e, e);
        } finally {
            LeftoverFiles.deleteQuietly(part);
        }
    }

    /** Writes the sidecar of the finished {@code part} and renames both into place (see the design note). */
    private Optional<BlobInfo> install(String key, Path part, Written w, BlobOptions options, boolean onlyIfAbsent)
            throws IOException {
        Path target = root.resolve(key);
        Sidecar sidecar = new Sidecar(key, w.size, w.sha256, options.contentType() == null ? DEFAULT_TYPE : options.contentType(),
                options.cacheControl(), options.publicAccess(), options.metadata(), w.fileKey);
        ReentrantLock lock = lock(key);
        lock.lock();
        try {
            Path pending = w.fileKey == null ? null : tmp.resolve(pendingName(w.fileKey));
            if (pending != null) {
                writeJson(pending, sidecar);
            }
            try {
                if (!place(key, part, target, onlyIfAbsent)) {
                    return Optional.empty();
                }
            } catch (RuntimeException e) {
                LeftoverFiles.deleteQuietly(pending);
                throw e;
            }
            Path sidecarPath = meta.resolve(key);
            createParents(sidecarPath, key);
            if (pending != null) {
                move(pending, sidecarPath);
            } else {
                writeJson(sidecarPath, sidecar);
            }
            DirectorySync.force(target.getParent());
            DirectorySync.force(sidecarPath.getParent());
        } finally {
            lock.unlock();
        }
        return Optional.of(info(sidecar, Files.getLastModifiedTime(target).toInstant()));
    }

    /**
     * Checksums {@code part}, a file written by someone else, while another thread fsyncs it: the
     * checksum reads what the page cache holds, so the two passes overlap instead of adding up.
     */
    private Written seal(Path part) throws IOException {
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            CompletableFuture<Void> synced = CompletableFuture.runAsync(() -> {
                try {
                    ch.force(true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runnable -> Thread.ofVirtual().name("depot-blob-fsync").start(runnable));
            MessageDigest sha = sha256();
            ByteBuffer bb = ByteBuffer.allocate(BUFFER);
            long total = 0;
            for (int n; (n = ch.read(bb, total)) > 0; total += n) {
                sha.update(bb.flip());
                bb.clear();
            }
            try {
                synced.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
            }
            Object fileKey = Files.readAttributes(part, BasicFileAttributes.class).fileKey();
            return new Written(total, HexFormat.of().formatHex(sha.digest()), fileKey == null ? null : fileKey.toString());
        }
    }

    private record Written(long size, String sha256, String fileKey) {}

    /** Streams {@code in} into {@code part}, fsynced; throws (and leaves nothing) when the input fails or ends early. */
    private Written copy(String key, InputStream in, long length, Path part) throws IOException {
        Files.createDirectories(tmp);
        MessageDigest sha = sha256();
        byte[] buf = new byte[BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long total = 0;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (length < 0 || total < length) {
                int want = length < 0 ? buf.length : (int) Math.min(buf.length, length - total);
                int n;
                try {
                    n = in.read(buf, 0, want);
                } catch (IOException e) {
                    throw new DepotException("reading the input of '" + key + "' failed after " + total
                            + " bytes: " + e.getMessage() + "; nothing was stored", e);
                }
                if (n < 0) {
                    break;
                }
                sha.update(buf, 0, n);
                bb.clear().limit(n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                total += n;
            }
            if (length >= 0 && total < length) {
                throw new DepotException("the input of '" + key + "' ended after " + total + " of " + length
                        + " bytes; nothing was stored");
            }
            ch.force(true);
        }
        Object fileKey = Files.readAttributes(part, BasicFileAttributes.class).fileKey();
        return new Written(total, HexFormat.of().formatHex(sha.digest()), fileKey == null ? null : fileKey.toString());
    }

    /** Puts the finished file at the key; false when {@code onlyIfAbsent} and the key exists. */
    private boolean place(String key, Path part, Path target, boolean onlyIfAbsent) throws IOException {
        for (int attempt = 0; ; attempt++) {
            createParents(target, key);
            try {
                if (onlyIfAbsent) {
                    // A hard link fails atomically when the name exists, also against other processes.
                    Files.createLink(target, part);
                } else {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw conflict(key);
                    }
                    move(part, target);
                }
                return true;
            } catch (FileAlreadyExistsException e) {
                if (onlyIfAbsent) {
                    return false;
                }
                throw e;
            } catch (NoSuchFileException e) {
                // A concurrent delete removed the emptied parent folder between create and move: again.
                if (attempt >= 3) {
                    throw e;
                }
            } catch (DirectoryNotEmptyException | NotDirectoryException e) {
                throw conflict(key);
            }
        }
    }

    private DepotException conflict(String key) {
        return new DepotException("cannot store '" + key + "' in " + description() + ": a filesystem cannot hold both an"
                + " object and objects under it, and '" + key + "' or one of its parent folders is the other kind");
    }

    private void createParents(Path file, String key) throws IOException {
        try {
            Files.createDirectories(file.getParent());
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw conflict(key);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeJson(Path file, Sidecar sidecar) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".part");
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(sidecar)));
            ch.force(true);
        }
        try {
            move(part, file);
        } finally {
            LeftoverFiles.deleteQuietly(part);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<BlobInfo> head(String key) {
        checkKey(key);
        Path file = root.resolve(key);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DepotException("cannot read '" + key + "' in " + description() + ": " + e, e);
        }
        if (!attrs.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(info(sidecar(key, attrs), attrs.lastModifiedTime().toInstant()));
    }

    /** The sidecar that describes the object file with {@code attrs} (see the design note), or a guessed one. */
    private Sidecar sidecar(String key, BasicFileAttributes attrs) {
        String fileKey = attrs.fileKey() == null ? null : attrs.fileKey().toString();
        Sidecar placed = readJson(meta.resolve(key));
        if (placed != null && fileKey != null && fileKey.equals(placed.fileKey()) && placed.size() == attrs.size()) {
            return placed;
        }
        if (fileKey != null) {
            Sidecar pending = readJson(tmp.resolve(pendingName(fileKey)));
            if (pending != null && key.equals(pending.key()) && pending.size() == attrs.size()) {
                return pending;
            }
        }
        String sha = null;
        if (placed != null && placed.size() == attrs.size() && placed.sha256() != null) {
            // The folder was copied or restored (new file keys), or a power loss kept the object's
            // rename but not its sidecar's: the checksum tells which. Re-keyed once, then found directly.
            sha = fileSha256(root.resolve(key));
            if (placed.sha256().equals(sha)) {
                return rekey(key, placed, fileKey);
            }
        }
        String guessed = URLConnection.guessContentTypeFromName(key.substring(key.lastIndexOf('/') + 1));
        return new Sidecar(key, attrs.size(), sha, guessed == null ? DEFAULT_TYPE : guessed, null, true, Map.of(), fileKey);
    }

    /** The sidecar with the object's current file key, written back when the object is still that file. */
    private Sidecar rekey(String key, Sidecar placed, String fileKey) {
        Sidecar current = new Sidecar(placed.key(), placed.size(), placed.sha256(), placed.contentType(), placed.cacheControl(),
                placed.publicAccess(), placed.metadata(), fileKey);
        if (fileKey == null) {
            return current;
        }
        ReentrantLock lock = lock(key);
        lock.lock();
        try {
            Object now = Files.readAttributes(root.resolve(key), BasicFileAttributes.class).fileKey();
            if (now != null && now.toString().equals(fileKey)) {
                writeJson(meta.resolve(key), current);
            }
        } catch (IOException e) {
            LOG.debug("Could not re-key the sidecar of '{}': {}", key, e.toString());
        } finally {
            lock.unlock();
        }
        return current;
    }

    private String fileSha256(Path file) {
        MessageDigest sha = sha256();
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            return null;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Sidecar readJson(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), Sidecar.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("Ignoring the unreadable blob sidecar {}: {}", file, e.toString());
            return null;
        }
    }

    private static BlobInfo info(Sidecar s, Instant modified) {
        return new BlobInfo(s.key(), s.size(), s.contentType(), s.cacheControl(), s.sha256(), modified,
                s.metadata() == null ? Map.of() : s.metadata(), s.publicAccess());
    }

    @Override
    public InputStream open(String key) {
        return open(key, null);
    }

    @Override
    public InputStream open(String key, ByteRange range) {
        checkKey(key);
        Path file = root.resolve(key);
        if (!Files.isRegularFile(file)) {
            throw notFound(key);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw notFound(key);
        } catch (IOException e) {
            throw new DepotException("cannot read '" + key + "' in " + description() + ": " + e, e);
        }
        try {
            long size = ch.size();
            long first = range == null ? 0 : range.first();
            long end = range == null || range.last() == -1 ? size : Math.min(size, range.last() + 1);
            if (range != null && first >= size) {
                throw new IllegalArgumentException("the range " + first + "-" + (range.last() == -1 ? "" : range.last())
                        + " starts past the end of '" + key + "' (" + size + " bytes)");
            }
            ch.position(first);
            return new ChannelRangeInputStream(ch, end - first);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new DepotException("cannot read '" + key + "' in " + description() + ": " + e, e);
        }
    }

    private BlobNotFoundException notFound(String key) {
        return new BlobNotFoundException("no object '" + key + "' in " + description());
    }

    // ---------------------------------------------------------------- deletes

    @Override
    public boolean delete(String key) {
        checkKey(key);
        ReentrantLock lock = lock(key);
        lock.lock();
        try {
            Path file = root.resolve(key);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            boolean existed = Files.deleteIfExists(file);
            Path sidecar = meta.resolve(key);
            if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(sidecar);
            }
            DirectorySync.force(file.getParent());
            pruneEmptyParents(file.getParent(), root);
            pruneEmptyParents(sidecar.getParent(), meta);
            return existed;
        } catch (IOException e) {
            throw new DepotException("cannot delete '" + key + "' in " + description() + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    /** Removes folders left empty by a delete, up to {@code top}; a folder another write filled meanwhile stays. */
    private static void pruneEmptyParents(Path dir, Path top) {
        for (Path d = dir; d != null && d.startsWith(top) && !d.equals(top); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (IOException e) {
                return; // not empty (or gone): stop here
            }
        }
    }

    @Override
    public long deleteAll(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        ArrayList<String> checked = new ArrayList<>(keys.size());
        for (String key : keys) {
            checked.add(checkKey(key)); // every key is checked before anything is deleted
        }
        for (String key : checked) {
            delete(key); // a filesystem has no batch delete; the batches of 1,000 are an object-store matter
        }
        return checked.size();
    }

    // ---------------------------------------------------------------- listing and URLs

    @Override
    public Stream<BlobInfo> list(String prefix, String startAfter) {
        BlobKeys.validatePrefix(prefix);
        KeyWalker walker = new KeyWalker(root, prefix, startAfter, RESERVED);
        return walker.stream().flatMap(key -> {
            try {
                return head(key).stream(); // gone since it was listed: skipped
            } catch (IllegalArgumentException e) {
                return Stream.empty(); // a file whose name is no valid key (written by another tool)
            }
        });
    }

    @Override
    public URI url(String key) {
        checkKey(key);
        if (baseUrl == null) {
            return root.resolve(key).toUri();
        }
        return URI.create(baseUrl + "/" + dev.depot.spi.BlobKeys.urlPath(key));
    }

    /**
     * Not supported: a filesystem has nothing that checks a signature, so a signed URL would
     * promise an access control that the web server serving the folder does not enforce.
     *
     * @throws UnsupportedOperationException always, after the arguments are checked
     */
    @Override
    public URI url(String key, Duration ttl) {
        checkKey(key);
        Objects.requireNonNull(ttl, "ttl");
        throw new UnsupportedOperationException("the filesystem blob store (" + description() + ") cannot make expiring"
                + " URLs: nothing checks a signature on files a web server serves. Serve private objects through the"
                + " application (BlobStore.open), or use an S3 store (s3://...), whose presigned URLs the server checks");
    }

    @Override
    public String description() {
        return "file:" + root;
    }

    @Override
    public String toString() {
        return "FileBlobStore[" + root + "]";
    }

    // ---------------------------------------------------------------- housekeeping

    /** {@link BlobKeys#validate}, and the filesystem's own limit of 255 bytes per name. */
    private static String checkKey(String key) {
        BlobKeys.validate(key);
        int start = 0;
        for (int i = 0; i <= key.length(); i++) {
            if (i == key.length() || key.charAt(i) == '/') {
                if (key.substring(start, i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                    throw new IllegalArgumentException("the filesystem blob store cannot hold a key with a segment longer than "
                            + MAX_NAME_BYTES + " UTF-8 bytes (a file name's limit): '" + key.substring(start, start + 40) + "...'");
                }
                start = i + 1;
            }
        }
        return key;
    }

    private ReentrantLock lock(String key) {
        return locks[Math.floorMod(key.hashCode(), locks.length)];
    }

    private static String pendingName(String fileKey) {
        return "sidecar-" + fileKey.replaceAll("[^A-Za-z0-9=,-]", "") + ".json";
    }

    /**
     * Removes uploads abandoned more than an hour ago (a killed process), and puts a pending
     * sidecar into place when its object made it.
     */
    private void cleanTemp() {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isAfter(before)) {
                        continue; // may be another process's upload in progress
                    }
                    String name = f.getFileName().toString();
                    Sidecar pending = name.startsWith("sidecar-") ? readJson(f) : null;
                    if (pending != null && pending.fileKey() != null) {
                        try {
                            BlobKeys.validate(pending.key());
                            BasicFileAttributes a = Files.readAttributes(root.resolve(pending.key()), BasicFileAttributes.class);
                            if (a.fileKey() != null && pending.fileKey().equals(a.fileKey().toString())) {
                                Path to = meta.resolve(pending.key());
                                Files.createDirectories(to.getParent());
                                move(f, to);
                                continue;
                            }
                        } catch (IOException | IllegalArgumentException e) {
                            // its object is gone or elsewhere: the pending sidecar is garbage
                        }
                    }
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.debug("Could not clean {}: {}", f, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean the blob store's temporary folder {}: {}", tmp, e.toString());
        }
    }


    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** UTF-8 byte order of two strings, which is their code point order. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
