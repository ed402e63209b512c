package dev.depot;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-map settings: cache and write mode. Immutable; {@link #defaults()} takes the cache TTL
 * from the {@link DepotConfig}. Thread-safe.
 *
 * @param cacheTtl        how long a cached value may be served; {@code null}: the Depot's
 *                        {@link DepotConfig#cacheTtl()}; zero turns the cache off. This is also the bound on
 *                        how stale a value written by another process may be when read here
 * @param cacheMaxEntries most values the map's cache holds, so heap stays flat however large the map
 * @param writeMode       write-through (default) or write-behind
 * @param flushInterval   how often write-behind flushes
 * @param maxDirty        most unflushed write-behind entries before writers wait
 */
public record MapOptions(Duration cacheTtl, long cacheMaxEntries, WriteMode writeMode, Duration flushInterval, int maxDirty) {
    public static final long DEFAULT_CACHE_MAX_ENTRIES = 10_000;

    public MapOptions {
        Objects.requireNonNull(writeMode, "writeMode");
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (cacheTtl != null && cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative, not " + cacheTtl);
        }
        if (cacheMaxEntries < 0) {
            throw new IllegalArgumentException("cacheMaxEntries must not be negative, not " + cacheMaxEntries);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive, not " + flushInterval);
        }
        if (maxDirty < 1) {
            throw new IllegalArgumentException("maxDirty must be positive, not " + maxDirty);
        }
    }

    /** Write-through, the Depot's cache TTL, 10,000 cached entries. */
    public static MapOptions defaults() {
        return new MapOptions(null, DEFAULT_CACHE_MAX_ENTRIES, WriteMode.WRITE_THROUGH, Duration.ofSeconds(1), 100_000);
    }

    public MapOptions withCacheTtl(Duration ttl) {
        return new MapOptions(Objects.requireNonNull(ttl, "ttl"), cacheMaxEntries, writeMode, flushInterval, maxDirty);
    }

    public MapOptions withCacheMaxEntries(long max) {
        return new MapOptions(cacheTtl, max, writeMode, flushInterval, maxDirty);
    }

    public MapOptions withWriteMode(WriteMode mode) {
        return new MapOptions(cacheTtl, cacheMaxEntries, mode, flushInterval, maxDirty);
    }

    public MapOptions withFlushInterval(Duration interval) {
        return new MapOptions(cacheTtl, cacheMaxEntries, writeMode, interval, maxDirty);
    }

    public MapOptions withMaxDirty(int max) {
        return new MapOptions(cacheTtl, cacheMaxEntries, writeMode, flushInterval, max);
    }

    /** The TTL in force: this map's, or the Depot's. */
    public Duration effectiveCacheTtl(DepotConfig config) {
        return cacheTtl != null ? cacheTtl : config.cacheTtl();
    }
}
