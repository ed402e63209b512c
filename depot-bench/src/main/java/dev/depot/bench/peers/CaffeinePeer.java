package dev.depot.bench.peers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.depot.MapOptions;
import dev.depot.bench.MapTarget;
import java.time.Duration;
import java.util.Map;

/**
 * Raw Caffeine, built like Depot's read cache (same bound, same expiry after write, maintenance
 * on the caller), read and written through its map view (whose {@code get} is
 * {@code getIfPresent}): the peer of Depot's cached hot get.
 */
public final class CaffeinePeer extends MapTarget<Map<Long, byte[]>> {
    private final Cache<Long, byte[]> cache;

    public CaffeinePeer() {
        this(Caffeine.newBuilder()
                .maximumSize(MapOptions.DEFAULT_CACHE_MAX_ENTRIES)
                .expireAfterWrite(Duration.ofMinutes(5))
                .executor(Runnable::run)
                .build());
    }

    private CaffeinePeer(Cache<Long, byte[]> cache) {
        super(cache.asMap());
        this.cache = cache;
    }

    @Override
    public long size() {
        return cache.estimatedSize();
    }
}
