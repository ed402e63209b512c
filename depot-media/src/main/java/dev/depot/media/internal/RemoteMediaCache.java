package dev.depot.media.internal;

import dev.depot.BlobInfo;
import dev.depot.BlobStore;
import dev.depot.DbMap;
import dev.depot.DepotException;
import dev.depot.MediaAttachment;
import dev.depot.MediaRemoval;
import dev.depot.Style;
import dev.depot.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote media: copies fetched into {@code cache/} through the upload path, brought back by
 * {@link #refresh}, removed by age ({@link #removeCached}) and by the cache cap.
 *
 * <p>Every record change here is a compare-and-set on the record as read ({@code replace(id,
 * seen, changed)}), so a concurrent refresh, attach or removal is never overwritten; the record
 * changes before its files are deleted, so an interruption leaves at worst files no record names,
 * which {@link OrphanScanner} finds. The cap is kept with a running count of cached bytes, made
 * exact by reading every record when it seems over the cap or is ten minutes old (other processes
 * fetch too). Thread-safe.
 */
final class RemoteMediaCache {
    private static final Logger LOG = LoggerFactory.getLogger("dev.depot.media");
    /** A record still processing after this long lost its process: refresh may take it over. */
    static final Duration STALE_PROCESSING = Duration.ofHours(1);
    private static final long RECOUNT_NANOS = Duration.ofMinutes(10).toNanos();

    private final DepotMediaLibrary library;
    private final BlobStore blobs;
    private final DbMap<Long, MediaAttachment> records;
    private final RemoteFetcher fetcher;
    private final long capBytes;
    private final Object capLock = new Object();
    private long cachedBytesEstimate = -1;
    private long countedAt;

    RemoteMediaCache(DepotMediaLibrary library, BlobStore blobs, DbMap<Long, MediaAttachment> records,
                     RemoteFetcher fetcher, long capBytes) {
        this.library = library;
        this.blobs = blobs;
        this.records = records;
        this.fetcher = fetcher;
        this.capBytes = capBytes;
    }

    MediaAttachment cacheRemote(URI uri) {
        MediaAttachment stored;
        try (RemoteFetcher.Fetched fetched = fetcher.fetch(uri)) {
            stored = library.upload(fetched.body(), fetched.fileName(), UploadOptions.defaults(),
                    new UploadOrigin(uri, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keepWithinCap(stored);
        return stored;
    }

    MediaAttachment refresh(long id) {
        MediaAttachment seen = records.get(id);
        if (seen == null) {
            throw new NoSuchElementException("no media attachment " + id + " in map " + DepotMediaLibrary.MAP_NAME);
        }
        if (inFlight(seen) || (seen.status() == MediaAttachment.Status.DONE && !seen.variants().isEmpty()
                && missingKeys(seen).isEmpty())) {
            return seen;
        }
        // Left waiting by a process that died: the background job starts again from the stored upload.
        if (seen.source() != null && library.restart(id)) {
            return records.get(id);
        }
        if (seen.fromRemote()) {
            return reprocess(seen, () -> {
                RemoteFetcher.Fetched fetched = fetcher.fetch(seen.remoteUrl());
                return new Source(fetched.fileName(), fetched.body());
            });
        }
        String original = storedOriginal(seen).orElseThrow(() -> new DepotException("media attachment " + id
                + " has no remote URL and no stored original to process again"));
        return reprocess(seen, () -> new Source(seen.fileName(), blobs.open(original)));
    }

    private static boolean inFlight(MediaAttachment a) {
        boolean processing = a.status() == MediaAttachment.Status.PROCESSING || a.status() == MediaAttachment.Status.QUEUED;
        return processing && a.createdAt().isAfter(Instant.now().minus(STALE_PROCESSING));
    }

    private List<String> missingKeys(MediaAttachment a) {
        return a.variants().values().stream().map(MediaAttachment.Variant::key)
                .filter(key -> blobs.head(key).isEmpty()).toList();
    }

    /** The record's original style if the store holds it, else any object in its original folder. */
    private Optional<String> storedOriginal(MediaAttachment a) {
        MediaAttachment.Variant v = a.variants().get(Style.ORIGINAL);
        if (v != null && blobs.head(v.key()).isPresent()) {
            return Optional.of(v.key());
        }
        String folder = MediaKeys.key(false, a.id(), Style.ORIGINAL, "x", "x");
        try (Stream<BlobInfo> listed = blobs.list(folder.substring(0, folder.lastIndexOf('/') + 1), null)) {
            return listed.map(BlobInfo::key).findFirst();
        }
    }

    /** Something to read the bytes of a refresh from. */
    private interface SourceOpener {
        Source open() throws IOException;
    }

    private record Source(String fileName, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Claims the record (PROCESSING, by compare-and-set), runs the bytes through the upload path
     * onto the same id, then deletes the files the record named before; on failure the record is
     * put back as it was.
     */
    private MediaAttachment reprocess(MediaAttachment seen, SourceOpener opener) {
        MediaAttachment claimed = seen.withStatus(MediaAttachment.Status.PROCESSING, null);
        if (!claimed.equals(seen) && !records.replace(seen.id(), seen, claimed)) {
            return records.get(seen.id()); // someone else changed it meanwhile: theirs stands
        }
        MediaAttachment done;
        try (Source source = opener.open()) {
            done = library.upload(source.body(), source.fileName(), UploadOptions.defaults(),
                    new UploadOrigin(seen.remoteUrl(), seen));
        } catch (IOException | RuntimeException e) {
            try {
                records.replace(seen.id(), claimed, seen);
            } catch (RuntimeException restore) {
                e.addSuppressed(restore);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new DepotException("cannot refresh media attachment " + seen.id() + ": " + e.getMessage(), e);
        }
        Set<String> kept = done.variants().values().stream().map(MediaAttachment.Variant::key)
                .collect(Collectors.toSet());
        List<String> replaced = seen.variants().values().stream().map(MediaAttachment.Variant::key)
                .filter(k -> !kept.contains(k)).toList();
        if (!replaced.isEmpty()) {
            blobs.deleteAll(replaced);
        }
        LOG.info("media attachment {} refreshed{}", seen.id(),
                seen.fromRemote() ? " from " + seen.remoteUrl() : " from its stored original");
        return done;
    }

    MediaRemoval removeCached(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative, not " + olderThan);
        }
        Instant before = Instant.now().minus(olderThan);
        Tally tally = new Tally();
        for (MediaAttachment a : records.values()) {
            if (a.fromRemote() && !a.variants().isEmpty() && a.createdAt().isBefore(before) && !inFlight(a)) {
                evict(a, tally, "cached before " + before);
            }
        }
        synchronized (capLock) {
            cachedBytesEstimate = -1;
        }
        return tally.removal();
    }

    /** Records and bytes removed, counted as they go. */
    private static final class Tally {
        long records;
        long objects;
        long bytes;

        MediaRemoval removal() {
            return new MediaRemoval(records, objects, bytes);
        }
    }

    /** Drops the record's files (the record first, by compare-and-set); false when the record changed meanwhile. */
    private boolean evict(MediaAttachment a, Tally tally, String reason) {
        if (!records.replace(a.id(), a, a.withVariants(Map.of()))) {
            return false;
        }
        List<String> keys = a.variants().values().stream().map(MediaAttachment.Variant::key).toList();
        blobs.deleteAll(keys);
        keys.forEach(k -> LOG.info("removed cached {} of media attachment {} ({})", k, a.id(), reason));
        tally.records++;
        tally.objects += keys.size();
        tally.bytes += a.storedBytes();
        return true;
    }

    /**
     * After a fetch: when the cached bytes may be over the cap, reads every record and removes
     * the files of the oldest remote copies (never {@code fresh}, the copy just made) until the
     * cache fits.
     */
    private void keepWithinCap(MediaAttachment fresh) {
        if (capBytes == 0) {
            return;
        }
        synchronized (capLock) {
            boolean stale = cachedBytesEstimate < 0 || System.nanoTime() - countedAt > RECOUNT_NANOS;
            if (!stale) {
                cachedBytesEstimate += fresh.storedBytes();
                if (cachedBytesEstimate <= capBytes) {
                    return;
                }
            }
            List<MediaAttachment> cached = new ArrayList<>();
            long total = 0;
            for (MediaAttachment a : records.values()) {
                if (a.fromRemote() && !a.variants().isEmpty()) {
                    cached.add(a);
                    total += a.storedBytes();
                }
            }
            cached.sort(Comparator.comparing(MediaAttachment::createdAt).thenComparingLong(MediaAttachment::id));
            Tally tally = new Tally();
            for (MediaAttachment a : cached) {
                if (total <= capBytes) {
                    break;
                }
                if (a.id() != fresh.id() && !inFlight(a) && evict(a, tally, "remote cache over its cap of " + capBytes
                        + " bytes")) {
                    total -= a.storedBytes();
                }
            }
            cachedBytesEstimate = total;
            countedAt = System.nanoTime();
        }
    }
}
