package dev.depot.internal;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.DbMapAsync;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

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
 * older value back. Views write through this map, so their writes reach the cache too.
 *
 * <p>Thread-safe; null keys and values are rejected like {@code ConcurrentHashMap}.
 *
 * <p>This class is long because every operation of the {@code ConcurrentMap} contract needs its
 * own rule for the cache (fill, update, or forget the key); each is a few lines.
 */
final class CachedDbMap<K, V> extends AbstractMap<K, V> implements DbMap<K, V> {
    private final StoreDbMap<K, V> store;
    private final ValueCache<K, V> cache;
    private final EntryCodec<K, V> codec;
    private final Lifecycle life;
    private final PagedViews<K, V> views;
    private final DbMapAsync<K, V> async;

    CachedDbMap(StoreDbMap<K, V> store, ValueCache<K, V> cache) {
        this.store = store;
        this.cache = cache;
        this.codec = store.codec();
        this.life = store.life();
        this.views = new PagedViews<>(this, codec, store.raw(), life, store.pageSize());
        this.async = new StoreAsyncView<>(this, codec, store.raw(), life, cache);
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public Codec<K> keyCodec() {
        return store.keyCodec();
    }

    @Override
    public Codec<V> valueCodec() {
        return store.valueCodec();
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
        // Bulk results are not put in the cache: only per-key loads are ordered against writes.
        found.putAll(store.getAll(misses));
        return found;
    }

    @Override
    public boolean containsValue(Object value) {
        return store.containsValue(value);
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public long sizeLong() {
        return store.sizeLong();
    }

    @Override
    public boolean isEmpty() {
        return store.isEmpty();
    }

    // ---- writes: the store, then the cache ----

    @Override
    public V put(K key, V value) {
        V previous;
        try {
            previous = store.put(key, value);
        } catch (RuntimeException e) {
            cache.invalidate(key); // the write may or may not have happened
            throw e;
        }
        cache.put(key, value);
        return previous;
    }

    @Override
    public void set(K key, V value) {
        try {
            store.set(key, value);
        } catch (RuntimeException e) {
            cache.invalidate(key);
            throw e;
        }
        cache.put(key, value);
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
        V existing = null;
        try {
            return existing = store.putIfAbsent(key, value);
        } finally {
            settle(key, existing);
        }
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        boolean replaced = false;
        try {
            return replaced = store.replace(key, oldValue, newValue);
        } finally {
            settle(key, replaced ? newValue : null);
        }
    }

    @Override
    public V replace(K key, V value) {
        V previous = null;
        try {
            return previous = store.replace(key, value);
        } finally {
            settle(key, previous != null ? value : null);
        }
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        V result = null;
        try {
            return result = store.computeIfAbsent(key, fn);
        } finally {
            settle(key, result);
        }
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        V result = null;
        try {
            return result = store.computeIfPresent(key, fn);
        } finally {
            settle(key, result);
        }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        V result = null;
        try {
            return result = store.compute(key, fn);
        } finally {
            settle(key, result);
        }
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        V result = null;
        try {
            return result = store.merge(key, value, fn);
        } finally {
            settle(key, result);
        }
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> fn) {
        store.replaceAll(fn, cache::put, cache::invalidate);
    }

    /** Forgets a key given as any object; one of another type (or null) cannot be cached. */
    private void invalidateQueried(Object key) {
        K k = key == null ? null : codec.keyOrNull(key);
        if (k != null) {
            cache.invalidate(k);
        }
    }

    /** After a write: cache the value now stored when it is known, else forget the key. */
    private void settle(K key, V known) {
        if (known != null) {
            cache.put(key, known);
        } else {
            cache.invalidate(key);
        }
    }

    // ---- views: paged over the store, writing through this map ----

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return views.entrySet();
    }

    @Override
    public Set<K> keySet() {
        return views.keySet();
    }

    @Override
    public Collection<V> values() {
        return views.values();
    }

    @Override
    public Stream<Map.Entry<K, V>> stream() {
        return views.stream();
    }

    @Override
    public DbMapAsync<K, V> async() {
        return async;
    }
}
