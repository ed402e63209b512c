package dev.depot.media.internal;

import dev.depot.BlobStore;
import dev.depot.DbMap;
import dev.depot.MediaAttachment;
import dev.depot.MediaRemoval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes uploads nobody attached ({@code owner} null) once they are older than a given age, as
 * Mastodon's {@code remove-unattached} does: the record goes first, by compare-and-set on the
 * record as read (an attach that lands meanwhile wins), then its files. Remote copies are left to
 * {@link RemoteMediaCache}. Thread-safe.
 */
final class UnattachedPruner {
    private static final Logger LOG = LoggerFactory.getLogger("dev.depot.media");

    private final BlobStore blobs;
    private final DbMap<Long, MediaAttachment> records;

    UnattachedPruner(BlobStore blobs, DbMap<Long, MediaAttachment> records) {
        this.blobs = blobs;
        this.records = records;
    }

    MediaRemoval remove(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative, not " + olderThan);
        }
        Instant before = Instant.now().minus(olderThan);
        long removed = 0;
        long objects = 0;
        long bytes = 0;
        for (MediaAttachment a : records.values()) {
            if (a.owner() != null || a.fromRemote() || !a.createdAt().isBefore(before) || !records.remove(a.id(), a)) {
                continue;
            }
            List<String> keys = a.keys();
            blobs.deleteAll(keys);
            LOG.info("removed unattached media attachment {} ({} files, {} bytes), uploaded {}", a.id(), keys.size(),
                    a.storedBytes(), a.createdAt());
            removed++;
            objects += keys.size();
            bytes += a.storedBytes();
        }
        return new MediaRemoval(removed, objects, bytes);
    }
}
