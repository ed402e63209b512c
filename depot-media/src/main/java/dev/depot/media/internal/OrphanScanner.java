package dev.depot.media.internal;

import dev.depot.BlobStore;
import dev.depot.DbMap;
import dev.depot.DepotException;
import dev.depot.MediaAttachment;
import dev.depot.OrphanReport;
import dev.depot.OrphanScan;
import dev.depot.Style;
import dev.depot.spi.BlobCopyAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the media objects of the blob store with the records, in two passes.
 *
 * <p><b>Objects.</b> The media folders are listed in key order (through {@link BlobCopyAccess}
 * when the store has it, so S3 costs a LIST per 1,000 objects and no HEADs), after the scan's
 * cursor. Objects are judged in batches of {@value #BATCH}: one {@link DbMap#getAll} of the ids
 * their keys spell. An object is an orphan when no record has its id, or its record names other
 * files (an earlier attempt, a replaced refresh). Not judged: objects of uploads younger than the
 * grace period (the record's {@code createdAt}, or without a record the id, says when the upload
 * began: its objects are written before its record names them) and of records still processing.
 *
 * <p><b>Records.</b> Every record is read (one scan page per page size) and the keys it names
 * that fall within this run's part of the key space ({@code (startAfter, nextCursor]}) are looked
 * up among the keys listed; a key not listed is confirmed with a HEAD before it counts as missing,
 * since a refresh may have written it after the listing passed. A run with a limit stops early and
 * returns the last key as the cursor, so the next run judges the rest of both.
 *
 * <p>Why a dry run by default, a grace period and a cursor: deleting is the one thing here that
 * cannot be undone, an upload in flight looks exactly like an orphan, and a walk over millions of
 * objects must survive being stopped. When applied and the run listed no object at all, no record
 * is changed: a wrong bucket must not look like every file gone. Not thread-safe: one scan per
 * instance.
 */
final class OrphanScanner {
    private static final Logger LOG = LoggerFactory.getLogger("dev.depot.media");
    /** Objects judged per record lookup. */
    static final int BATCH = 1_000;
    private static final int DELETE_BATCH = 1_000;
    private static final int LISTED_IDS = 1_000;

    private final BlobStore blobs;
    private final DbMap<Long, MediaAttachment> records;

    /** Everything one run counted; the report and the usage are views of it. */
    static final class Tally {
        long examined;
        long bytes;
        long orphans;
        long orphanBytes;
        long deleted;
        long inFlight;
        long inFlightBytes;
        long unrecognised;
        long unrecognisedBytes;
        final Set<Long> missingRecords = new LinkedHashSet<>();
        long missing;
        long missingBytes;
        long repaired;
        String nextCursor;
        final Map<Style, Long> listedByStyle = new EnumMap<>(Style.class);
    }

    private final Set<String> listedKeys = new HashSet<>();
    private final List<String> toDelete = new ArrayList<>();
    private final Tally tally = new Tally();

    OrphanScanner(BlobStore blobs, DbMap<Long, MediaAttachment> records) {
        this.blobs = blobs;
        this.records = records;
    }

    OrphanReport scan(OrphanScan scan) {
        Tally t = run(scan);
        List<Long> ids = t.missingRecords.stream().limit(LISTED_IDS).toList();
        return new OrphanReport(scan.apply(), t.examined, t.bytes, t.orphans, t.orphanBytes, t.deleted, t.inFlight,
                t.unrecognised, ids, t.missing, t.missingBytes, t.repaired, t.nextCursor);
    }

    Tally run(OrphanScan scan) {
        Instant youngAfter = Instant.now().minus(scan.grace());
        long started = System.nanoTime();
        List<BlobCopyAccess.Listed> batch = new ArrayList<>(BATCH);
        String last = null;
        listing:
        for (String folder : List.of(MediaObjectKey.CACHE_FOLDER, MediaObjectKey.UPLOAD_FOLDER)) {
            // One folder at a time, each stream closed before the next opens (a flatMap would
            // buffer a whole folder's listing when read through an iterator).
            try (Stream<BlobCopyAccess.Listed> listed = listSizes(folder, scan.startAfter())) {
                Iterator<BlobCopyAccess.Listed> it = listed.iterator();
                while (it.hasNext()) {
                    if (scan.limit() > 0 && tally.examined == scan.limit()) {
                        tally.nextCursor = last;
                        break listing;
                    }
                    BlobCopyAccess.Listed o = it.next();
                    throttle(scan.objectsPerSecond(), started);
                    tally.examined++;
                    tally.bytes += o.size();
                    listedKeys.add(o.key());
                    last = o.key();
                    batch.add(o);
                    if (batch.size() == BATCH) {
                        judge(batch, youngAfter, scan.apply());
                        batch.clear();
                    }
                }
            }
        }
        judge(batch, youngAfter, scan.apply());
        flushDeletes(true);
        checkRecords(scan, youngAfter);
        return tally;
    }

    /** One media folder as keys and sizes, in key order. */
    private Stream<BlobCopyAccess.Listed> listSizes(String folder, String startAfter) {
        if (blobs instanceof BlobCopyAccess access) {
            return access.listSizes(folder, startAfter);
        }
        return blobs.list(folder, startAfter).map(info -> new BlobCopyAccess.Listed(info.key(), info.size()));
    }

    /** Waits until {@code started + examined / rate}: a steady rate rather than bursts. */
    private void throttle(int perSecond, long started) {
        if (perSecond <= 0) {
            return;
        }
        long wait = started + tally.examined * 1_000_000_000L / perSecond - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DepotException("orphan scan interrupted after " + tally.examined + " objects", e);
            }
        }
    }

    private void judge(List<BlobCopyAccess.Listed> batch, Instant youngAfter, boolean apply) {
        if (batch.isEmpty()) {
            return;
        }
        Set<Long> ids = new HashSet<>();
        List<Optional<MediaObjectKey>> parsed = new ArrayList<>(batch.size());
        for (BlobCopyAccess.Listed o : batch) {
            Optional<MediaObjectKey> k = MediaObjectKey.parse(o.key());
            parsed.add(k);
            k.ifPresent(mk -> ids.add(mk.id()));
        }
        Map<Long, MediaAttachment> found = records.getAll(ids);
        for (int i = 0; i < batch.size(); i++) {
            BlobCopyAccess.Listed o = batch.get(i);
            if (parsed.get(i).isEmpty()) {
                tally.unrecognised++;
                tally.unrecognisedBytes += o.size();
                LOG.info("left alone {}: not laid out as a media key", o.key());
                continue;
            }
            MediaObjectKey key = parsed.get(i).get();
            tally.listedByStyle.merge(key.style(), o.size(), Long::sum);
            MediaAttachment record = found.get(key.id());
            if (record != null && names(record, o.key())) {
                continue;
            }
            Instant began = record != null ? record.createdAt() : MediaObjectKey.idTime(key.id());
            if (began.isAfter(youngAfter) || (record != null && processing(record))) {
                tally.inFlight++;
                tally.inFlightBytes += o.size();
                LOG.debug("left alone {}: its upload is in flight", o.key());
                continue;
            }
            String reason = record == null ? "no record " + key.id()
                    : "record " + key.id() + " names other files (left by an earlier attempt or a refresh)";
            orphan(o, reason, apply);
        }
    }

    private static boolean names(MediaAttachment record, String key) {
        return record.keys().contains(key);
    }

    private static boolean processing(MediaAttachment a) {
        return a.status() == MediaAttachment.Status.PROCESSING || a.status() == MediaAttachment.Status.QUEUED;
    }

    private void orphan(BlobCopyAccess.Listed o, String reason, boolean apply) {
        tally.orphans++;
        tally.orphanBytes += o.size();
        LOG.info("{} orphan {} ({} bytes): {}", apply ? "deleting" : "dry run, would delete", o.key(), o.size(), reason);
        if (apply) {
            toDelete.add(o.key());
            flushDeletes(false);
        }
    }

    private void flushDeletes(boolean all) {
        if (toDelete.size() >= DELETE_BATCH || (all && !toDelete.isEmpty())) {
            blobs.deleteAll(toDelete);
            tally.deleted += toDelete.size();
            toDelete.clear();
        }
    }

    /** The records pass: keys in this run's part of the key space that the listing did not have. */
    private void checkRecords(OrphanScan scan, Instant youngAfter) {
        boolean repair = scan.apply() && tally.examined > 0;
        if (scan.apply() && tally.examined == 0) {
            LOG.warn("the blob store {} lists no media object after {}: no record is changed (is it the right store?)",
                    blobs.description(), scan.startAfter() == null ? "the start" : scan.startAfter());
        }
        for (MediaAttachment a : records.values()) {
            if (a.variants().isEmpty() || a.status() != MediaAttachment.Status.DONE || a.createdAt().isAfter(youngAfter)) {
                continue;
            }
            List<MediaAttachment.Variant> inScope = a.variants().values().stream()
                    .filter(v -> inRun(v.key(), scan.startAfter(), tally.nextCursor)).toList();
            List<MediaAttachment.Variant> missing = inScope.stream()
                    .filter(v -> !listedKeys.contains(v.key()) && blobs.head(v.key()).isEmpty()).toList();
            if (missing.isEmpty()) {
                continue;
            }
            tally.missingRecords.add(a.id());
            for (MediaAttachment.Variant v : missing) {
                tally.missing++;
                tally.missingBytes += v.bytes();
                LOG.info("record {} names {} ({} bytes), which the blob store does not hold", a.id(), v.key(), v.bytes());
            }
            if (repair) {
                repair(a, missing.size() == a.variants().size());
            }
        }
    }

    private static boolean inRun(String key, String startAfter, String nextCursor) {
        return (startAfter == null || key.compareTo(startAfter) > 0) && (nextCursor == null || key.compareTo(nextCursor) <= 0);
    }

    /**
     * A remote copy loses its remaining files (refresh fetches it again); an upload with none of
     * its files left is removed; an upload with some left is only reported ({@code refresh} may make
     * the rest from its original). Compare-and-set on the record as read.
     */
    private void repair(MediaAttachment a, boolean allMissing) {
        if (a.fromRemote()) {
            if (records.replace(a.id(), a, a.withVariants(Map.of()))) {
                blobs.deleteAll(a.variants().values().stream().map(MediaAttachment.Variant::key).toList());
                tally.repaired++;
                LOG.info("record {} keeps no cached files now; refresh({}) fetches them again", a.id(), a.id());
            }
        } else if (allMissing && records.remove(a.id(), a)) {
            tally.repaired++;
            LOG.info("removed record {}: none of its files is in the blob store", a.id());
        }
    }
}
