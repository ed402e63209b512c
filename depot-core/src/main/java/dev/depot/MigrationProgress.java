package dev.depot;

import java.time.Duration;

/**
 * Where a migration stands.
 *
 * @param source        the source store, password masked
 * @param target        the target store, password masked
 * @param map           the map being copied, or {@code blobs} when the objects of a blob store are
 *                      copied (counts are then objects, and the blob store is one "map")
 * @param mapIndex      its position, from 1
 * @param mapCount      how many maps the prefix has
 * @param copied        entries of this map copied so far, including earlier runs that were interrupted
 * @param copiedThisRun entries of this map copied by this run
 * @param total         entries the map had in the source when its copy started
 * @param elapsed       time spent on this map in this run
 * @param mapDone       true once the map is copied and its count verified
 */
public record MigrationProgress(String source, String target, String map, int mapIndex, int mapCount,
                                long copied, long copiedThisRun, long total, Duration elapsed, boolean mapDone) {
    /** Entries per second in this run, or 0 before any time has passed. */
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : copiedThisRun / seconds;
    }

    /** Estimated time left for this map, or null while the rate is unknown. */
    public Duration eta() {
        double rate = rate();
        if (rate <= 0) {
            return null;
        }
        return Duration.ofMillis((long) (Math.max(0, total - copied) / rate * 1000));
    }
}
