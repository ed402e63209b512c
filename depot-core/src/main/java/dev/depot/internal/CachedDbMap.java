package dev.depot.internal;

import dev.depot.DbMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read cache of a map over a store: a {@link DbMap} that serves hot reads from a
 * {@link ValueCache} of decoded values and passes everything else to the {@link StoreDbMap}
 * under it, keeping the cache in step with each write.
 *
 * <p>Design note. The cache sits above the {@code ConcurrentMap} layer rather than as a
 * {@link dev.depot.spi.RawMap} decorator (as {@link WriteBehindRawMap} does): a hot {@code get}
 * must be one lookup by the caller's key object returning the decoded value, with no key
 * encoding and no decoding, and a byte-level layer sees neither. Every write updates or
 * invalidates the key after the store call, in a {@code finally} so a failed or uncertain
 * write never leaves a stale value; see {@link ValueCache} for why a racing load cannot put an
 * older value back. Views write through this map, so their writes reach the cache too; size,
 * emptiness and {@code containsValue} read the store whole ({@link PagedDbMap}), as the cache
 * holds only part of the map.
 *
 * <p>Thread-safe; null keys and values are rejected like {@code ConcurrentHashMap}.
 *
 * <p>Every other operation of the {@code ConcurrentMap} contract has its own rule for the cache
 * (fill, update, or forget the key): {@link #stored}, {@link #settled} or an invalidation.
 */
final class CachedDbMap<K, V> extends PagedDbMap<K, V> {
    private final StoreDbMap<K, V> store;
    private final ValueCache<K, V> cache;

    CachedDbMap(StoreDbMap<K, V> store, ValueCache<K, V> cache) {
        super(store.codec, store.raw, store.life, store.pageSize, cache, store.events);
        this.store = store;
        this.cache = cache;
    }

    // ---- reads: the cache first ----

    @Override
    public V get(Object key) {
        life.checkOpen();
        K k = codec.keyOrNull(key);
        if (k == null) {
            return null;
        }
        V hit = cache.peek(k);
        if (hit != null) {
            return hit;
        }
        return cache.get(k, () -> store.get(k));
    }

    @Override
    public boolean containsKey(Object key) {
        life.checkOpen();
        K k = codec.keyOrNull(key);
        return k != null && (cache.peek(k) != null || store.containsKey(k));
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys) {
        life.checkOpen();
        Map<K, V> found = new LinkedHashMap<>();
        List<K> misses = new ArrayList<>();
        for (Object key : keys) {
            K k = codec.keyOrNull(key);
            if (k == null) {
                continue;
            }
            V hit = cache.peek(k);
            if (hit != null) {
                found.put(k, hit);
            } else {
                misses.add(k);
            }
        }
        cache.missed(misses.size()); // peek counts hits only
        // Bulk results are not put in the cache: only per-key loads are ordered against writes.
        found.putAll(store.getAll(misses));
        return found;
    }

    // ---- writes: the store, then the cache ----

    @Override
    public V put(K key, V value) {
        return stored(key, value, () -> store.put(key, value));
    }

    @Override
    public void set(K key, V value) {
        stored(key, value, () -> {
            store.set(key, value);
            return null;
        });
    }

    @Override
    public V remove(Object key) {
        try {
            return store.remove(key);
        } finally {
            invalidateQueried(key);
        }
    }

    @Override
    public boolean delete(K key) {
        try {
            return store.delete(key);
        } finally {
            cache.invalidate(key);
        }
    }

    @Override
    public boolean remove(Object key, Object value) {
        try {
            return store.remove(key, value);
        } finally {
            invalidateQueried(key);
        }
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        // Invalidate rather than fill: a bulk load should not evict the hot entries.
        store.putAll(m, cache::invalidate);
    }

    @Override
    public void clear() {
        try {
            store.clear();
        } finally {
            cache.invalidateAll();
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return settled(key, () -> store.putIfAbsent(key, value));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        long ticket = cache.beginWrite(key);
        boolean replaced = false;
        try {
            return replaced = store.replace(key, oldValue, newValue);
        } finally {
            cache.finishWrite(key, replaced ? newValue : null, ticket);
        }
    }

    @Override
    public V replace(K key, V value) {
        long ticket = cache.beginWrite(key);
        V previous = null;
        try {
            return previous = store.replace(key, value);
        } finally {
            cache.finishWrite(key, previous != null ? value : null, ticket);
        }
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        return settled(key, () -> store.computeIfAbsent(key, fn));
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        return settled(key, () -> store.computeIfPresent(key, fn));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        return settled(key, () -> store.compute(key, fn));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        return settled(key, () -> store.merge(key, value, fn));
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> fn) {
        // Forget rather than fill: each key's write is over before this hears of it, too late for a ticket.
        store.replaceAll(fn, (k, v) -> cache.invalidate(k), cache::invalidate);
    }

    /** Forgets a key given as any object; one of another type (or null) cannot be cached. */
    private void invalidateQueried(Object key) {
        K k = key == null ? null : codec.keyOrNull(key);
        if (k != null) {
            cache.invalidate(k);
        }
    }

    /**
     * A write whose new value is {@code value}: cache it once the store took it (unless another
     * write of the key raced it, see {@link ValueCache#finishWrite}); when the store call fails,
     * forget the key, as the write may or may not have happened.
     */
    private V stored(K key, V value, Supplier<V> write) {
        long ticket = cache.beginWrite(key);
        boolean written = false;
        try {
            V previous = write.get();
            written = true;
            return previous;
        } finally {
            cache.finishWrite(key, written ? value : null, ticket);
        }
    }

    /**
     * A write that returns the value now stored (null when unknown or none): after it, even when
     * it fails, cache that value when known, else forget the key.
     */
    private V settled(K key, Supplier<V> write) {
        long ticket = cache.beginWrite(key);
        V result = null;
        try {
            return result = write.get();
        } finally {
            cache.finishWrite(key, result, ticket);
        }
    }
}
