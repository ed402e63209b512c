package dev.depot.internal.blob;

import dev.depot.BlobInfo;
import dev.depot.BlobNotFoundException;
import dev.depot.BlobStore;
import dev.depot.MigrationException;
import dev.depot.MigrationListener;
import dev.depot.MigrationProgress;
import dev.depot.internal.DepotJson;
import dev.depot.spi.BlobCopyAccess;
import dev.depot.spi.BlobCopyAccess.Listed;
import dev.depot.spi.BlobCopyAccess.Opened;
import dev.depot.spi.RawMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every object of one blob store into another, resumably, and verifies it.
 *
 * <p>Design note. Objects are copied in key order, up to {@value #PARALLEL} side by side (and at
 * most {@value #BYTES_IN_FLIGHT} bytes of objects, so large objects do not pile up in the
 * target's upload buffers), each streamed from the source into the target's {@code put} with the
 * source's content type, cache control, access and metadata. Copies finish out of order, but the
 * checkpoint {@value #CHECKPOINT_KEY} in the target <em>map</em> store's metadata (the Depot's own
 * store, the one place that survives the process and already holds the map migration's
 * checkpoints) only ever names a key when it and every key before it are copied: it is written
 * each time {@code pageSize} more objects are done in order. A killed copy resumes after that key
 * and redoes at most {@code pageSize + PARALLEL} objects; for those, the target is asked first,
 * and an object already there with the source's checksum is not sent again. Puts replace whole
 * objects, so redoing is harmless anyway.
 *
 * <p>Requests per object are what decides the speed on many small objects, so the copy uses the
 * stores' {@link BlobCopyAccess} when they have it: listings without a HEAD per object, and a
 * GET that carries the object's metadata. Each object is verified as it is copied: the bytes
 * streamed are hashed on the way and must match the source's recorded SHA-256 when it has one,
 * and the {@code put}'s answer (size, and the checksum of what the target stored; an S3 target
 * also had every body checked by its {@code Content-MD5}) must match them. Only a target whose put
 * reports no checksum is read back. At the end, the source and target listings are walked side by
 * side: every source key must be in the target with its size (this catches objects added to the
 * source during the copy). Only then is the checkpoint marked done, and only then does the caller
 * record the target as the blob store in use. The source is never written. Objects that only the
 * target holds are left alone; an object deleted from the source during the copy is skipped.
 *
 * <p>Over 300 lines because the copy window, the checkpoint and the verification only make sense
 * together.
 */
public final class BlobMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(BlobMigrator.class);
    /** The checkpoint's key in the map store's metadata. */
    public static final String CHECKPOINT_KEY = "blobs:migration";
    /** The name migration progress reports for blobs, in place of a map name. */
    public static final String PROGRESS_NAME = "blobs";
    /** Objects copied at once: {@code aws s3 sync} runs 10 requests at once; 16 keeps a slow object from stalling the rest. */
    private static final int PARALLEL = 16;
    /** Bytes of objects in flight at once (an object larger than this is copied alone). */
    private static final int BYTES_IN_FLIGHT = 64 << 20;
    private static final int KIB = 1024;

    /** Where a blob migration stands, as stored in the map store's metadata. */
    record Checkpoint(String source, String target, String lastKey, long copied, long bytes, boolean done, String updated) {}

    /** One object's copy under way, in listing order. */
    private record InFlight(String key, Future<Long> copy) {}

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
        Progress p = new Progress(cp, total);
        // after a resume, the objects the killed run may have been copying are checked in the target first
        long mayBePresent = cp.lastKey() == null ? 0 : pageSize + PARALLEL;
        Semaphore slots = new Semaphore(PARALLEL);
        Semaphore budget = new Semaphore(BYTES_IN_FLIGHT / KIB);
        Deque<InFlight> inFlight = new ArrayDeque<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, Thread.ofVirtual().name("depot-blob-copy-", 0).factory());
        try (Stream<Listed> objects = listSizes(source, cp.lastKey())) {
            long submitted = 0;
            for (Iterator<Listed> it = objects.iterator(); it.hasNext(); ) {
                Listed o = it.next();
                boolean check = submitted++ < mayBePresent;
                int cost = (int) Math.max(1, Math.min(BYTES_IN_FLIGHT / KIB, (o.size() + KIB - 1) / KIB));
                acquire(slots, 1);
                acquire(budget, cost);
                inFlight.addLast(new InFlight(o.key(), pool.submit(() -> {
                    try {
                        return copy(o.key(), check);
                    } finally {
                        budget.release(cost);
                        slots.release();
                    }
                })));
                p.collect(inFlight, false);
            }
            p.collect(inFlight, true);
        } finally {
            pool.shutdownNow();
        }
        long verified = verifyAll();
        write(new Checkpoint(sourceId, targetId, p.last, verified, p.bytes, true, Instant.now().toString()));
        listener.onProgress(progress(verified, p.thisRun, verified, p.started, true));
        LOG.info("Copied and verified {} blobs ({} bytes) from {} to {}", verified, p.bytes, source.description(),
                target.description());
        return verified;
    }

    /** The copy's count so far, advanced only over copies that are done in key order. */
    private final class Progress {
        final long started = System.nanoTime();
        final long total;
        long copied;
        long bytes;
        long thisRun;
        String last;
        int sinceCheckpoint;

        Progress(Checkpoint cp, long total) {
            this.copied = cp.copied();
            this.bytes = cp.bytes();
            this.last = cp.lastKey();
            this.total = total;
        }

        /**
         * Takes the finished copies off the front of {@code inFlight} (all of them, waiting, when
         * {@code all}), and writes the checkpoint after every {@code pageSize} of them and at the end.
         * A copy that failed anywhere in the window fails the migration now.
         */
        void collect(Deque<InFlight> inFlight, boolean all) {
            for (InFlight f : inFlight) {
                if (f.copy().state() == Future.State.FAILED) {
                    await(f.copy());
                }
            }
            while (!inFlight.isEmpty() && (all || inFlight.peekFirst().copy().isDone())) {
                InFlight f = inFlight.removeFirst();
                long size = await(f.copy());
                if (size >= 0) {
                    bytes += size;
                    copied++;
                    thisRun++;
                }
                last = f.key();
                if (++sinceCheckpoint >= pageSize || (all && inFlight.isEmpty())) {
                    sinceCheckpoint = 0;
                    write(new Checkpoint(sourceId, targetId, last, copied, bytes, false, Instant.now().toString()));
                    listener.onProgress(progress(copied, thisRun, Math.max(total, copied), started, false));
                }
            }
        }
    }

    private MigrationProgress progress(long copied, long thisRun, long total, long started, boolean done) {
        return new MigrationProgress(source.description(), target.description(), PROGRESS_NAME, 1, 1, copied, thisRun, total,
                Duration.ofNanos(System.nanoTime() - started), done);
    }

    private long count() {
        try (Stream<Listed> all = listSizes(source, null)) {
            return all.count();
        }
    }

    /** Keys and sizes of {@code store} after {@code startAfter}, without a request per object where the store allows. */
    private static Stream<Listed> listSizes(BlobStore store, String startAfter) {
        if (store instanceof BlobCopyAccess access) {
            return access.listSizes("", startAfter);
        }
        return store.list("", startAfter).map(i -> new Listed(i.key(), i.size()));
    }

    /** The source object with its metadata, in one request where the source allows; empty when it is gone. */
    private Optional<Opened> read(String key) {
        if (source instanceof BlobCopyAccess access) {
            return access.read(key);
        }
        Optional<BlobInfo> info = source.head(key);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Opened(info.get(), source.open(key)));
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        }
    }

    private void acquire(Semaphore s, int permits) {
        try {
            s.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("the blob migration was interrupted; the next open resumes it", e);
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

    /**
     * Copies one object, streamed, and verifies it; returns its size, or -1 when it was deleted
     * from the source meanwhile. With {@code checkTarget}, an object the target already holds with
     * the source's checksum, type and options is left as it is.
     */
    private long copy(String key, boolean checkTarget) throws IOException {
        if (checkTarget) {
            BlobInfo info = source.head(key).orElse(null);
            BlobInfo present = info == null || info.sha256() == null ? null : target.head(key).orElse(null);
            if (present != null && info.sha256().equals(present.sha256()) && present.size() == info.size()
                    && present.options().equals(info.options())) {
                return info.size(); // already there, verified by its checksum (copied before the kill)
            }
        }
        Optional<Opened> opened = read(key);
        if (opened.isEmpty()) {
            return -1;
        }
        try (Opened object = opened.get()) {
            BlobInfo info = object.info();
            MessageDigest sha = FileBlobStore.sha256();
            BlobInfo written = target.put(key, new DigestInputStream(object.in(), sha), info.size(), info.options());
            String streamed = HexFormat.of().formatHex(sha.digest());
            if (info.sha256() != null && !info.sha256().equals(streamed)) {
                throw new MigrationException("blob '" + key + "' in " + source.description() + " does not match its own SHA-256 ("
                        + info.sha256() + " recorded, " + streamed + " read); was it overwritten during the migration? The next"
                        + " open copies it again", null);
            }
            String stored = written.sha256() != null ? written.sha256() : sha256(target.open(key));
            if (written.size() != info.size() || !stored.equals(streamed)) {
                throw new MigrationException("blob '" + key + "' differs after copying: " + info.size() + " bytes, SHA-256 "
                        + streamed + " in " + source.description() + " but " + written.size() + " bytes, SHA-256 " + stored
                        + " in " + target.description() + ". The source is intact; the next open copies it again", null);
            }
            return info.size();
        }
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
        try (Stream<Listed> from = listSizes(source, null); Stream<Listed> to = listSizes(target, null)) {
            Iterator<Listed> t = to.iterator();
            Listed have = t.hasNext() ? t.next() : null;
            for (Iterator<Listed> s = from.iterator(); s.hasNext(); ) {
                Listed want = s.next();
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
