package dev.depot.media.internal;

import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotException;
import dev.depot.MediaAttachment;
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
import java.util.stream.Stream;

/**
 * {@link MediaLibrary} over a Depot: records in the map {@value #MAP_NAME}, files in
 * {@link Depot#blobs()}. An upload is copied to a private temporary folder (refused as soon as
 * it is over its kind's byte limit), processed there, stored, and the folder removed. Any
 * failure removes what this upload stored: objects and record. Thread-safe.
 */
final class DepotMediaLibrary implements MediaLibrary {
    static final String MAP_NAME = "media_attachments";
    /** A year of centuries: styles never change under a key, so caches may keep them for ever. */
    static final String CACHE_CONTROL = "public, max-age=315576000, immutable";
    private static final MediaSniffer SNIFFER = new MediaSniffer();
    private static final int ID_ATTEMPTS = 5;

    private final BlobStore blobs;
    private final DbMap<Long, MediaAttachment> records;
    private final MediaLimits limits;
    private final ImagePipeline images;
    private final RemoteMediaCache remoteCache;

    DepotMediaLibrary(Depot depot, MediaLimits limits, RemoteMediaOptions remote) {
        this.blobs = depot.blobs();
        this.records = depot.map(MAP_NAME, Codec.LONG, Codec.json(MediaAttachment.class));
        this.limits = limits;
        this.images = new ImagePipeline(limits);
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
            if (type.kind() != MediaType.IMAGE) {
                throw new UnsupportedMediaException("'" + name + "' is " + mime + ": video and audio are recognised "
                        + "but not processed yet (only images are)");
            }
            ImagePipeline.Processed processed = images.process(file, type.mimeType(), work);
            return store(name, options, processed, origin);
        } catch (IOException e) {
            throw new DepotException("cannot read the upload '" + name + "': " + e.getMessage(), e);
        } finally {
            deleteFolder(work);
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
        MediaAttachment pending = origin.replacing() != null ? origin.replacing()
                : reserve(name, options, processed.blurhash(), origin.remoteUrl());
        String stem = MediaKeys.newFileStem();
        List<String> written = new ArrayList<>();
        try {
            Map<Style, MediaAttachment.Variant> variants = new EnumMap<>(Style.class);
            for (ImagePipeline.Output o : processed.outputs()) {
                String key = MediaKeys.key(pending.fromRemote(), pending.id(), o.style(), stem, o.extension());
                long size = Files.size(o.file());
                try (InputStream data = Files.newInputStream(o.file())) {
                    written.add(key);
                    blobs.put(key, data, size, BlobOptions.publicRead().contentType(o.contentType())
                            .cacheControl(CACHE_CONTROL));
                }
                variants.put(o.style(), new MediaAttachment.Variant(key, blobs.url(key), o.contentType(), size,
                        MediaAttachment.Meta.image((int) o.width(), (int) o.height())));
            }
            MediaAttachment done = new MediaAttachment(pending.id(), MediaType.IMAGE, MediaAttachment.Status.DONE, null,
                    pending.fileName(), pending.owner(), pending.createdAt(), pending.description(), pending.focus(),
                    processed.blurhash(), variants, pending.remoteUrl());
            records.put(done.id(), done);
            return done;
        } catch (IOException | RuntimeException e) {
            // Each undo on its own: an unreachable blob store must not keep the record from going.
            try {
                blobs.deleteAll(written);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            try {
                if (origin.replacing() == null) {
                    records.remove(pending.id());
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    private MediaAttachment reserve(String name, UploadOptions options, String blurhash, URI remoteUrl) {
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            MediaAttachment pending = new MediaAttachment(MediaKeys.nextId(), MediaType.IMAGE,
                    MediaAttachment.Status.PROCESSING, null, name, null, Instant.now(), options.description(),
                    options.focus(), blurhash, Map.of(), remoteUrl);
            if (records.putIfAbsent(pending.id(), pending) == null) {
                return pending;
            }
        }
        throw new DepotException("no free media id after " + ID_ATTEMPTS + " attempts in map " + MAP_NAME);
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
        MediaAttachment a = records.get(id);
        if (a == null) {
            return false;
        }
        // Objects first: an interrupted delete leaves a record whose objects are missing, which
        // an orphan scan reports, rather than objects no record points to.
        blobs.deleteAll(a.variants().values().stream().map(MediaAttachment.Variant::key).toList());
        records.remove(id);
        return true;
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
            return Files.createTempDirectory("depot-media-");
        } catch (IOException e) {
            throw new DepotException("cannot create a temporary folder for the upload: " + e.getMessage(), e);
        }
    }

    private static void deleteFolder(Path folder) {
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
