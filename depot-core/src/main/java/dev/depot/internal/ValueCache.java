package dev.depot.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.depot.spi.ByteKey;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The read cache of one map: decoded values by key, bounded by entry count and expiring a TTL
 * after they were written or loaded, so heap stays flat however large the map grows.
 *
 * <p>Design note. Loads run inside Caffeine's per-key computation, and every write to the store
 * is followed by a cache update for the same key; a concurrent load therefore cannot put an
 * older value back after a newer write in this process (the update waits for the load). Writes
 * by other processes are not seen until the entry expires: the TTL is the documented bound on
 * staleness across processes. Absence is never cached, so a key another process adds is seen
 * at once. Array keys are cached by their bytes, since arrays have no value equality.
 */
final class ValueCache<K, V> {
    private final Cache<Object, V> cache;
    private final boolean arrayKeys;

    private ValueCache(Cache<Object, V> cache, boolean arrayKeys) {
        this.cache = cache;
        this.arrayKeys = arrayKeys;
    }

    /** A cache, or a pass-through one when {@code ttl} is zero or {@code maxEntries} is zero. */
    static <K, V> ValueCache<K, V> create(Duration ttl, long maxEntries, Class<K> keyType) {
        if (ttl.isZero() || maxEntries == 0) {
            return new ValueCache<>(null, false);
        }
        Cache<Object, V> cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .executor(Runnable::run) // maintenance on the caller: no pool threads per map
                .build();
        return new ValueCache<>(cache, keyType.isArray());
    }

    boolean enabled() {
        return cache != null;
    }

    private Object cacheKey(K key, byte[] keyBytes) {
        return arrayKeys ? new ByteKey(keyBytes) : key;
    }

    /** The cached value without loading, when the key needs no encoding to be looked up. */
    V peek(K key) {
        return cache == null || arrayKeys ? null : cache.getIfPresent(key);
    }

    V get(K key, byte[] keyBytes, Supplier<V> loader) {
        if (cache == null) {
            return loader.get();
        }
        return cache.get(cacheKey(key, keyBytes), k -> loader.get());
    }

    void put(K key, byte[] keyBytes, V value) {
        if (cache != null) {
            cache.put(cacheKey(key, keyBytes), value);
        }
    }

    void invalidate(K key, byte[] keyBytes) {
        if (cache != null) {
            cache.invalidate(cacheKey(key, keyBytes));
        }
    }

    void invalidateAll() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    long estimatedSize() {
        return cache == null ? 0 : cache.estimatedSize();
    }
}
