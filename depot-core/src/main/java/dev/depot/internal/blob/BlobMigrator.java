package dev.depot.internal.blob;

import dev.depot.BlobInfo;
import dev.depot.BlobStore;
import dev.depot.MigrationException;
import dev.depot.MigrationListener;
import dev.depot.MigrationProgress;
import dev.depot.internal.DepotJson;
import dev.depot.spi.RawMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every object of one blob store into another, resumably, and verifies it.
 *
 * <p>Design note. Objects are copied in key order, a page ({@code pageSize} objects) at a time,
 * several objects of a page side by side, each streamed from the source's {@code open} into the
 * target's {@code put} with the source's content type, cache control, access and metadata. After
 * every page, the checkpoint {@value #CHECKPOINT_KEY} in the target <em>map</em> store's metadata
 * (the Depot's own store, the one place that survives the process and already holds the map
 * migration's checkpoints) records source, target and the last key of the page. A killed copy
 * resumes after that key and redoes at most one page; puts replace whole objects, so redoing is
 * harmless. Each object is verified as it is copied: the bytes streamed are hashed on the way,
 * and must match the source's recorded SHA-256 when it has one; the target's size and SHA-256
 * (read back when the target does not report one) must match them. At the end, the source and
 * target listings are walked side by side: every source key must be in the target with its size
 * (this catches objects added to the source during the copy). Only then is the checkpoint marked
 * done, and only then does the caller record the target as the blob store in use. The source is
 * never written. Objects that only the target holds are left alone.
 */
public final class BlobMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(BlobMigrator.class);
    /** The checkpoint's key in the map store's metadata. */
    public static final String CHECKPOINT_KEY = "blobs:migration";
    /** The name migration progress reports for blobs, in place of a map name. */
    public static final String PROGRESS_NAME = "blobs";
    private static final int PARALLEL = 8;

    /** Where a blob migration stands, as stored in the map store's metadata. */
    record Checkpoint(String source, String target, String lastKey, long copied, long bytes, boolean done, String updated) {}

    private final BlobStore source;
    private final BlobStore target;
    private final String sourceId;
    private final String targetId;
    private final RawMap meta;
    private final MigrationListener listener;
    private final int pageSize;

    /**
     * @param sourceId  the source as recorded ({@link BlobStores#identity})
     * @param targetId  the target as recorded
     * @param meta      the metadata map that holds the checkpoint
     */
    public BlobMigrator(BlobStore source, BlobStore target, String sourceId, String targetId, RawMap meta,
                        MigrationListener listener, int pageSize) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
        this.targetId = Objects.requireNonNull(targetId, "targetId");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pageSize = Math.max(1, pageSize);
    }

    /** True when the metadata records a finished copy from {@code sourceId} to {@code targetId}. */
    public static boolean completed(RawMap meta, String sourceId, String targetId) {
        Checkpoint cp = read(meta);
        return cp != null && cp.done() && cp.source().equals(sourceId) && cp.target().equals(targetId);
    }

    /**
     * Copies and verifies every object; returns how many objects the source has.
     *
     * @throws MigrationException when an object cannot be copied or does not verify; the source is intact
     *                            and the next run resumes from the last checkpoint
     */
    public long run() {
        Checkpoint cp = read(meta);
        if (cp != null && cp.source().equals(sourceId) && cp.target().equals(targetId)) {
            if (cp.done()) {
                return cp.copied();
            }
        } else {
            cp = new Checkpoint(sourceId, targetId, null, 0, 0, false, Instant.now().toString());
            write(cp);
        }
        long total = count();
        LOG.info("Copying {} blobs from {} to {}{}", total, source.description(), target.description(),
                cp.lastKey() == null ? "" : " (resuming after " + cp.copied() + ")");
        long started = System.nanoTime();
        long copied = cp.copied();
        long bytes = cp.bytes();
        long thisRun = 0;
        String last = cp.lastKey();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, Thread.ofVirtual().name("depot-blob-copy-", 0).factory());
        try (Stream<BlobInfo> objects = source.list("", last)) {
            Iterator<BlobInfo> it = objects.iterator();
            while (it.hasNext()) {
                List<BlobInfo> page = new ArrayList<>(pageSize);
                while (it.hasNext() && page.size() < pageSize) {
                    page.add(it.next());
                }
                List<Future<Long>> copies = new ArrayList<>(page.size());
                for (BlobInfo info : page) {
                    copies.add(pool.submit(() -> copy(info)));
                }
                for (Future<Long> f : copies) {
                    bytes += await(f);
                }
                copied += page.size();
                thisRun += page.size();
                last = page.get(page.size() - 1).key();
                write(new Checkpoint(sourceId, targetId, last, copied, bytes, false, Instant.now().toString()));
                listener.onProgress(progress(copied, thisRun, Math.max(total, copied), started, false));
            }
        } finally {
            pool.shutdownNow();
        }
        long verified = verifyAll();
        write(new Checkpoint(sourceId, targetId, last, verified, bytes, true, Instant.now().toString()));
        listener.onProgress(progress(verified, thisRun, verified, started, true));
        LOG.info("Copied and verified {} blobs ({} bytes) from {} to {}", verified, bytes, source.description(), target.description());
        return verified;
    }

    private MigrationProgress progress(long copied, long thisRun, long total, long started, boolean done) {
        return new MigrationProgress(source.description(), target.description(), PROGRESS_NAME, 1, 1, copied, thisRun, total,
                Duration.ofNanos(System.nanoTime() - started), done);
    }

    private long count() {
        try (Stream<BlobInfo> all = source.list("", null)) {
            return all.count();
        }
    }

    private long await(Future<Long> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("the blob migration was interrupted; the next open resumes it", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MigrationException m) {
                throw m;
            }
            throw new MigrationException("copying blobs from " + source.description() + " to " + target.description()
                    + " failed: " + cause.getMessage() + ". The source is intact; the next open resumes from the last checkpoint", cause);
        }
    }

    /** Copies one object, streamed, and verifies it; returns its size. */
    private long copy(BlobInfo info) throws IOException {
        String key = info.key();
        BlobInfo present = info.sha256() == null ? null : target.head(key).orElse(null);
        if (present != null && info.sha256().equals(present.sha256()) && present.size() == info.size()
                && present.options().equals(info.options())) {
            return info.size(); // already there, verified by its checksum (a resumed page)
        }
        MessageDigest sha = FileBlobStore.sha256();
        try (InputStream in = new DigestInputStream(source.open(key), sha)) {
            target.put(key, in, info.size(), info.options());
        }
        String streamed = HexFormat.of().formatHex(sha.digest());
        if (info.sha256() != null && !info.sha256().equals(streamed)) {
            throw new MigrationException("blob '" + key + "' in " + source.description() + " does not match its own SHA-256 ("
                    + info.sha256() + " recorded, " + streamed + " read); was it overwritten during the migration? The next"
                    + " open copies it again", null);
        }
        BlobInfo copy = target.head(key).orElseThrow(() -> new MigrationException("blob '" + key + "' is missing from "
                + target.description() + " right after it was copied", null));
        String copied = copy.sha256() != null ? copy.sha256() : sha256(target.open(key));
        if (copy.size() != info.size() || !copied.equals(streamed)) {
            throw new MigrationException("blob '" + key + "' differs after copying: " + info.size() + " bytes, SHA-256 " + streamed
                    + " in " + source.description() + " but " + copy.size() + " bytes, SHA-256 " + copied + " in "
                    + target.description() + ". The source is intact; the next open copies it again", null);
        }
        return info.size();
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest sha = FileBlobStore.sha256();
        byte[] buf = new byte[64 * 1024];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Walks both listings in key order: every source key must be in the target with its size. Returns the source's count. */
    private long verifyAll() {
        long count = 0;
        try (Stream<BlobInfo> from = source.list("", null); Stream<BlobInfo> to = target.list("", null)) {
            Iterator<BlobInfo> t = to.iterator();
            BlobInfo have = t.hasNext() ? t.next() : null;
            for (Iterator<BlobInfo> s = from.iterator(); s.hasNext(); ) {
                BlobInfo want = s.next();
                count++;
                while (have != null && FileBlobStore.compareUtf8(have.key(), want.key()) < 0) {
                    have = t.hasNext() ? t.next() : null;
                }
                if (have == null || !have.key().equals(want.key()) || have.size() != want.size()) {
                    meta.delete(CHECKPOINT_KEY.getBytes(StandardCharsets.UTF_8)); // the next open copies everything again
                    throw new MigrationException("blob '" + want.key() + "' of " + source.description() + " is "
                            + (have == null || !have.key().equals(want.key()) ? "missing from " : "of another size in ")
                            + target.description() + " after copying; was the source written to during the migration?"
                            + " The next open copies again", null);
                }
            }
        }
        return count;
    }

    private void write(Checkpoint cp) {
        meta.set(CHECKPOINT_KEY.getBytes(StandardCharsets.UTF_8), DepotJson.write(cp, "the blob migration checkpoint"));
    }

    private static Checkpoint read(RawMap meta) {
        return DepotJson.read(meta.get(CHECKPOINT_KEY.getBytes(StandardCharsets.UTF_8)), Checkpoint.class,
                "blob migration checkpoint " + CHECKPOINT_KEY);
    }
}
