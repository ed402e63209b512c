package dev.depot.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.depot.spi.ByteKey;
import java.time.Duration;
import java.util.function.Function;
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
    /** The key's bytes for array keys (cached by content), null for keys with value equality. */
    private final Function<K, byte[]> arrayKeyBytes;

    private ValueCache(Cache<Object, V> cache, Function<K, byte[]> arrayKeyBytes) {
        this.cache = cache;
        this.arrayKeyBytes = arrayKeyBytes;
    }

    /** A pass-through cache that holds nothing: for a map with no read cache. */
    static <K, V> ValueCache<K, V> none() {
        return new ValueCache<>(null, null);
    }

    /** A cache, or a pass-through one when {@code ttl} is zero or {@code maxEntries} is zero. */
    static <K, V> ValueCache<K, V> create(Duration ttl, long maxEntries, EntryCodec<K, V> codec) {
        if (ttl.isZero() || maxEntries == 0) {
            return none();
        }
        Cache<Object, V> cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .executor(Runnable::run) // maintenance on the caller: no pool threads per map
                .build();
        return new ValueCache<>(cache, codec.keyCodec().type().isArray() ? codec::encodeKeyForRead : null);
    }

    boolean enabled() {
        return cache != null;
    }

    /** What the cache holds the key under; null when the key cannot be in the map (too long). */
    private Object cacheKey(K key) {
        if (arrayKeyBytes == null) {
            return key;
        }
        byte[] bytes = arrayKeyBytes.apply(key);
        return bytes == null ? null : new ByteKey(bytes);
    }

    /** The cached value without loading, when the key needs no encoding to be looked up. */
    V peek(K key) {
        return cache == null || arrayKeyBytes != null ? null : cache.getIfPresent(key);
    }

    V get(K key, Supplier<V> loader) {
        Object k = cache == null ? null : cacheKey(key);
        return k == null ? loader.get() : cache.get(k, x -> loader.get());
    }

    void put(K key, V value) {
        Object k = cache == null ? null : cacheKey(key);
        if (k != null) {
            cache.put(k, value);
        }
    }

    void invalidate(K key) {
        Object k = cache == null || key == null ? null : cacheKey(key);
        if (k != null) {
            cache.invalidate(k);
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
