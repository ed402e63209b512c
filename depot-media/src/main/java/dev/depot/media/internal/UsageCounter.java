package dev.depot.media.internal;

import dev.depot.BlobStore;
import dev.depot.DbMap;
import dev.depot.MediaAttachment;
import dev.depot.MediaType;
import dev.depot.MediaUsage;
import dev.depot.OrphanScan;
import dev.depot.Style;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@link MediaUsage}: the bytes every record names, per kind and style, and a dry-run
 * {@link OrphanScanner} pass for what the store lists and the difference. Thread-safe (each count
 * uses a scanner of its own).
 */
final class UsageCounter {
    private final BlobStore blobs;
    private final DbMap<Long, MediaAttachment> records;

    UsageCounter(BlobStore blobs, DbMap<Long, MediaAttachment> records) {
        this.blobs = blobs;
        this.records = records;
    }

    MediaUsage count() {
        Map<MediaType, Map<Style, Long>> recorded = new EnumMap<>(MediaType.class);
        long cached = 0;
        for (MediaAttachment a : records.values()) {
            for (Map.Entry<Style, MediaAttachment.Variant> v : a.variants().entrySet()) {
                recorded.computeIfAbsent(a.type(), k -> new EnumMap<>(Style.class))
                        .merge(v.getKey(), v.getValue().bytes(), Long::sum);
            }
            cached += a.fromRemote() ? a.storedBytes() : 0;
        }
        OrphanScanner.Tally listed = new OrphanScanner(blobs, records).run(OrphanScan.dryRun());
        return new MediaUsage(recorded, cached, listed.listedByStyle, listed.examined, listed.orphanBytes,
                listed.orphans, listed.missingBytes, listed.missing, listed.inFlightBytes, listed.unrecognisedBytes);
    }
}
