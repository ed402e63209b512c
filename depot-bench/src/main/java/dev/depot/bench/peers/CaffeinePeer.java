package dev.depot.bench.peers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.depot.MapOptions;
import dev.depot.bench.KvTarget;
import java.time.Duration;
import java.util.Map;

/**
 * Raw Caffeine, built like Depot's read cache (same bound, same expiry after write, maintenance
 * on the caller), read with {@code getIfPresent}: the peer of Depot's cached hot get.
 */
public final class CaffeinePeer implements KvTarget {
    private final Cache<Long, byte[]> cache = Caffeine.newBuilder()
            .maximumSize(MapOptions.DEFAULT_CACHE_MAX_ENTRIES)
            .expireAfterWrite(Duration.ofMinutes(5))
            .executor(Runnable::run)
            .build();

    @Override
    public byte[] get(Long key) {
        return cache.getIfPresent(key);
    }

    @Override
    public void set(Long key, byte[] value) {
        cache.put(key, value);
    }

    @Override
    public void putAll(Map<Long, byte[]> entries) {
        cache.putAll(entries);
    }

    @Override
    public long iterate() {
        long sum = 0;
        for (Map.Entry<Long, byte[]> e : cache.asMap().entrySet()) {
            sum += e.getKey() + e.getValue()[0];
        }
        return sum;
    }

    @Override
    public long size() {
        return cache.estimatedSize();
    }

    @Override
    public void close() {}
}
