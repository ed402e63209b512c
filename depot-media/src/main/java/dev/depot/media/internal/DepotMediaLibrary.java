package dev.depot.media.internal;

import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotException;
import dev.depot.MediaAttachment;
import dev.depot.MediaBusyException;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.MediaRemoval;
import dev.depot.MediaUsage;
import dev.depot.OrphanReport;
import dev.depot.OrphanScan;
import dev.depot.RemoteMediaOptions;
import dev.depot.MediaRejectedException;
import dev.depot.MediaTooLargeException;
import dev.depot.MediaType;
import dev.depot.Style;
import dev.depot.UnsupportedMediaException;
import dev.depot.UploadOptions;
import dev.depot.spi.DepotResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MediaLibrary} over a Depot: records in the map {@value #MAP_NAME}, files in
 * {@link Depot#blobs()}. An upload is copied to a private temporary folder (refused as soon as
 * it is over its kind's byte limit), checked from its header, processed there, stored, and the
 * folder removed. Any failure removes what this upload stored: objects and record. Video and
 * audio over {@link MediaLimits#backgroundBytes()} are stored as they came, privately, with a
 * {@code QUEUED} record, and processed by the Depot's {@link MediaWorkers}. Thread-safe.
 *
 * <p>Over 300 lines because the upload path is one flow (sniffing, limits, processing in the call
 * or the hand-over to the background, restart, await) whose steps share the undoing of a failed
 * upload; the background job and the object writes are classes of their own.
 */
final class DepotMediaLibrary implements MediaLibrary {
    static final String MAP_NAME = "media_attachments";
    /** A year of centuries: styles never change under a key, so caches may keep them for ever. */
    static final String CACHE_CONTROL = "public, max-age=315576000, immutable";
    private static final MediaSniffer SNIFFER = new MediaSniffer();
    private static final int ID_ATTEMPTS = 5;
    private static final long AWAIT_POLL_MILLIS = 200;
    /** Temporary folders of uploads; the pid tells which process left one behind. */
    static final String WORK_FOLDER_PREFIX = "depot-media-" + ProcessHandle.current().pid() + "-";
    private static final Logger LOG = LoggerFactory.getLogger(DepotMediaLibrary.class);

    private final BlobStore blobs;
    private final DbMap<Long, MediaAttachment> records;
    private final MediaLimits limits;
    private final ImagePipeline images;
    private final AvPipeline av;
    private final MediaWorkers workers;
    private final MediaObjects objects;
    private final RemoteMediaCache remoteCache;

    DepotMediaLibrary(Depot depot, MediaLimits limits, RemoteMediaOptions remote) {
        this.blobs = depot.blobs();
        this.records = depot.map(MAP_NAME, Codec.LONG, Codec.json(MediaAttachment.class));
        this.limits = limits;
        this.images = new ImagePipeline(limits);
        this.av = new AvPipeline(limits);
        this.objects = new MediaObjects(blobs);
        // One pool per Depot (and size), closed with it; a Depot of another make gets a pool of its own.
        this.workers = depot instanceof DepotResources resources
                ? resources.shared(MediaWorkers.resourceName(limits.workers(), limits.queueSize()), MediaWorkers.class,
                        () -> new MediaWorkers(limits.workers(), limits.queueSize()))
                : new MediaWorkers(limits.workers(), limits.queueSize());
        this.remoteCache = new RemoteMediaCache(this, blobs, records, new RemoteFetcher(remote, limits.largestBytes()),
                remote.cacheMaxBytes());
    }

    @Override
    public MediaAttachment upload(InputStream in, String fileName, UploadOptions options) {
        return upload(in, fileName, options, UploadOrigin.UPLOAD);
    }

    /**
     * The upload path, also for remote copies: {@code origin} says whether the files go under
     * {@code cache/} with the remote URL in the record, and whether an existing record (claimed
     * by the caller, who restores it on failure) gets the files instead of a new one.
     */
    MediaAttachment upload(InputStream in, String fileName, UploadOptions options, UploadOrigin origin) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        String name = displayName(Objects.requireNonNull(fileName, "fileName"));
        Path work = createWorkFolder();
        boolean handedOver = false;
        AvPipeline.EarlyStart early = null;
        try {
            byte[] head = in.readNBytes(MediaSniffer.HEAD_BYTES);
            if (head.length == 0) {
                throw new MediaRejectedException("'" + name + "' is empty");
            }
            String mime = SNIFFER.detect(head);
            MediaSniffer.Accepted type = MediaSniffer.accepted(mime).orElseThrow(() -> new UnsupportedMediaException(
                    "'" + name + "' is " + mime + ", which is not accepted (JPEG, PNG, GIF, WebP, HEIC/HEIF, AVIF, "
                            + "MP4, WebM, QuickTime, Ogg, MP3, Opus, WAV, FLAC, AAC/M4A)"));
            Path file = work.resolve("upload." + type.extension());
            copyWithin(head, in, file, byteLimit(type.kind()), name, type);
            boolean animatedGif = false;
            if (type.kind() == MediaType.IMAGE) {
                Vips.Header header = images.header(file);
                animatedGif = images.animatedGif(type.mimeType(), header);
                if (!animatedGif) {
                    return store(name, options, images.process(file, type.mimeType(), header, work), origin);
                }
            }
            // a refresh onto an existing record is the caller's to wait for: processed now
            boolean background = origin.replacing() == null && Files.size(file) > limits.backgroundBytes();
            // Most MP4s pass through and their header is read in Java, at once. When ffprobe has to read it
            // instead, the copy and preview run while it does.
            FfProbe.Probe header = AvPipeline.header(file, type.mimeType()).orElse(null);
            early = !background && header == null && type.mimeType().equals("video/mp4")
                    ? av.startEarly(file, work) : null;
            AvPipeline.Plan plan = av.plan(file, type.mimeType(), animatedGif, header);
            if (background) {
                MediaAttachment queued = enqueue(name, options, type, plan, file, work, origin);
                handedOver = true;
                return queued;
            }
            return store(name, options, av.process(file, plan, work, percent -> { }, early), origin);
        } catch (IOException e) {
            throw new DepotException("cannot read the upload '" + name + "': " + e.getMessage(), e);
        } finally {
            if (early != null) {
                early.stop(); // a refused upload's copy and preview must not write into the folder being removed
            }
            if (!handedOver) {
                deleteFolder(work);
            }
        }
    }

    private long byteLimit(MediaType kind) {
        return switch (kind) {
            case IMAGE, GIFV -> limits.imageBytes();
            case VIDEO -> limits.videoBytes();
            case AUDIO -> limits.audioBytes();
        };
    }

    /** Writes the head and the rest of the upload to {@code file}, refusing it once it passes {@code limit}. */
    private static void copyWithin(byte[] head, InputStream in, Path file, long limit, String name,
                                   MediaSniffer.Accepted type) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            long total = head.length;
            out.write(head);
            byte[] buf = new byte[64 * 1024];
            for (int n; total <= limit && (n = in.read(buf)) >= 0; total += n) {
                out.write(buf, 0, n);
            }
            if (total > limit) {
                throw new MediaTooLargeException("'" + name + "' (" + type.mimeType() + ") is over the limit of "
                        + limit + " bytes");
            }
        }
    }

    /** Reserves an id with a PROCESSING record, stores every style, then marks it DONE; undoes all on failure. */
    private MediaAttachment store(String name, UploadOptions options, ImagePipeline.Processed processed,
                                  UploadOrigin origin) {
        Instant now = Instant.now();
        MediaAttachment pending = origin.replacing() != null ? origin.replacing()
                : reserve(id -> new MediaAttachment(id, processed.type(), MediaAttachment.Status.PROCESSING, null, name,
                        null, now, options.description(), options.focus(), processed.blurhash(), Map.of(), 0, null,
                        origin.remoteUrl()));
        List<String> written = new ArrayList<>();
        try {
            MediaAttachment done = done(pending, objects.storeOutputs(pending, processed, written), processed.blurhash());
            records.put(done.id(), done);
            return done;
        } catch (RuntimeException e) {
            // Each undo on its own: an unreachable blob store must not keep the record from going.
            objects.deleteQuietly(written, e);
            try {
                if (origin.replacing() == null) {
                    records.remove(pending.id());
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    static MediaAttachment done(MediaAttachment a, Map<Style, MediaAttachment.Variant> variants,
                                        String blurhash) {
        return new MediaAttachment(a.id(), a.type(), MediaAttachment.Status.DONE, null, a.fileName(), a.owner(),
                a.createdAt(), a.description(), a.focus(), blurhash, variants, 100, null, a.remoteUrl());
    }

    /** Puts the record {@code recordWithId} makes for a new id with {@code putIfAbsent}, so two uploads never share one. */
    private MediaAttachment reserve(LongFunction<MediaAttachment> recordWithId) {
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            MediaAttachment pending = recordWithId.apply(MediaKeys.nextId());
            if (records.putIfAbsent(pending.id(), pending) == null) {
                return pending;
            }
        }
        throw new DepotException("no free media id after " + ID_ATTEMPTS + " attempts in map " + MAP_NAME);
    }

    /**
     * Stores the upload privately beside a {@code QUEUED} record that names it, and hands the
     * work folder to a background worker. The upload is kept so processing can restart from it
     * ({@link #restart}) after the process died.
     *
     * @throws MediaBusyException when the queue is full; nothing is stored
     */
    private MediaAttachment enqueue(String name, UploadOptions options, MediaSniffer.Accepted type,
                                    AvPipeline.Plan plan, Path file, Path work, UploadOrigin origin) throws IOException {
        workers.reserve();
        MediaAttachment queued;
        try {
            Instant now = Instant.now();
            long bytes = Files.size(file);
            String stem = MediaKeys.newFileStem();
            queued = reserve(id -> new MediaAttachment(id, plan.type(), MediaAttachment.Status.QUEUED, null, name,
                    null, now, options.description(), options.focus(), null, Map.of(), 0, new MediaAttachment.Variant(
                            MediaKeys.key(origin.remoteUrl() != null, id, Style.ORIGINAL, stem, type.extension()), null,
                            type.mimeType(), bytes, MediaAttachment.Meta.NONE), origin.remoteUrl()));
        } catch (RuntimeException e) {
            workers.release();
            throw e;
        }
        try {
            objects.put(queued.source().key(), file, BlobOptions.privateRead().contentType(type.mimeType()));
        } catch (RuntimeException e) {
            workers.release();
            objects.deleteQuietly(List.of(queued.source().key()), e);
            try {
                records.remove(queued.id());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        workers.submit(queued.id(), new BackgroundJob(queued.id(), plan, file, work, av, records, objects));
        return withCurrentUrls(queued);
    }

    /**
     * Queues upload {@code id} again from its stored source: for a record left {@code QUEUED} or
     * {@code PROCESSING} by a process that died (refresh calls it).
     *
     * @return false when the record is not waiting for processing or has no stored source
     * @throws MediaBusyException when the queue is full
     */
    boolean restart(long id) {
        MediaAttachment a = records.get(id);
        if (a == null || a.source() == null || (a.status() != MediaAttachment.Status.QUEUED
                && a.status() != MediaAttachment.Status.PROCESSING) || workers.job(id) != null) {
            return false;
        }
        Path work = createWorkFolder();
        boolean handedOver = false;
        try {
            String extension = a.source().key().substring(a.source().key().lastIndexOf('.') + 1);
            Path file = work.resolve("upload." + extension);
            try (InputStream in = blobs.open(a.source().key())) {
                Files.copy(in, file);
            }
            AvPipeline.Plan plan = av.plan(file, a.source().contentType(), a.source().contentType().equals("image/gif"));
            workers.reserve();
            workers.submit(id, new BackgroundJob(id, plan, file, work, av, records, objects));
            handedOver = true;
            return true;
        } catch (IOException e) {
            throw new DepotException("cannot read the stored upload of media " + id + ": " + e.getMessage(), e);
        } finally {
            if (!handedOver) {
                deleteFolder(work);
            }
        }
    }

    @Override
    public MediaAttachment await(long id, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            CompletableFuture<Void> job = workers.job(id);
            if (job != null) {
                try {
                    job.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // The record says how far it got.
                }
            }
            while (true) {
                MediaAttachment a = get(id).orElseThrow(() -> new NoSuchElementException("no media attachment " + id
                        + " in map " + MAP_NAME));
                long left = deadline - System.nanoTime();
                if (a.status() == MediaAttachment.Status.DONE || a.status() == MediaAttachment.Status.FAILED
                        || left <= 0) {
                    return a;
                }
                // Processed by another process (or not started here yet): poll the record.
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, AWAIT_POLL_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepotException("interrupted while waiting for media " + id, e);
        }
    }

    @Override
    public Optional<MediaAttachment> get(long id) {
        return Optional.ofNullable(records.get(id)).map(this::withCurrentUrls);
    }

    private MediaAttachment withCurrentUrls(MediaAttachment a) {
        Map<Style, MediaAttachment.Variant> variants = new EnumMap<>(Style.class);
        a.variants().forEach((style, v) -> variants.put(style,
                new MediaAttachment.Variant(v.key(), blobs.url(v.key()), v.contentType(), v.bytes(), v.meta())));
        return a.withVariants(variants);
    }

    @Override
    public MediaAttachment attach(long id, String owner) {
        Objects.requireNonNull(owner, "owner");
        MediaAttachment updated = records.computeIfPresent(id, (k, a) -> a.withOwner(owner));
        if (updated == null) {
            throw new NoSuchElementException("no media attachment " + id + " in map " + MAP_NAME);
        }
        return withCurrentUrls(updated);
    }

    @Override
    public boolean delete(long id) {
        // Objects first: an interrupted delete leaves a record whose objects are missing, which
        // an orphan scan reports, rather than objects no record points to. The record goes only if
        // it still names those objects: a background job that finished meanwhile named new ones.
        // A job still processing finds the record gone and deletes what it made.
        for (MediaAttachment a = records.get(id); a != null; a = records.get(id)) {
            blobs.deleteAll(a.keys());
            if (records.remove(id, a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name kept for display: its last path segment (so {@code ../../x.png} is {@code x.png}),
     * at most 255 characters. It never reaches a key or a path.
     *
     * @throws MediaRejectedException when it has control characters
     */
    static String displayName(String fileName) {
        if (fileName.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))) {
            throw new MediaRejectedException("the file name has control characters");
        }
        String last = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        if (last.equals(".") || last.equals("..")) {
            last = "";
        }
        return last.length() > 255 ? last.substring(0, 255) : last;
    }

    private static Path createWorkFolder() {
        try {
            return Files.createTempDirectory(WORK_FOLDER_PREFIX);
        } catch (IOException e) {
            throw new DepotException("cannot create a temporary folder for the upload: " + e.getMessage(), e);
        }
    }

    static void deleteFolder(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary file left behind is untidy but harmless; the upload's outcome stands.
        }
    }

    // ---- remote copies, pruning, orphans and usage: each in a class of its own ----

    @Override
    public MediaAttachment cacheRemote(URI uri) {
        return remoteCache.cacheRemote(uri);
    }

    @Override
    public MediaAttachment refresh(long id) {
        return withCurrentUrls(remoteCache.refresh(id));
    }

    @Override
    public MediaRemoval removeCached(Duration olderThan) {
        return remoteCache.removeCached(olderThan);
    }

    @Override
    public MediaRemoval removeUnattached(Duration olderThan) {
        return new UnattachedPruner(blobs, records).remove(olderThan);
    }

    @Override
    public OrphanReport removeOrphans(OrphanScan scan) {
        return new OrphanScanner(blobs, records).scan(Objects.requireNonNull(scan, "scan"));
    }

    @Override
    public MediaUsage usage() {
        return new UsageCounter(blobs, records).count();
    }
}
