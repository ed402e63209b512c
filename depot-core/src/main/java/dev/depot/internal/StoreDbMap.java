package dev.depot.internal;

import dev.depot.DbMap;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * {@link DbMap} over a store's {@link RawMap}: the {@code ConcurrentMap} contract on top of
 * byte-level operations, with the codecs and limits of {@link EntryCodec}. Single-key
 * operations map one to one onto the store's atomic calls; {@code compute*}, {@code merge} and
 * {@code replaceAll} are {@link OptimisticUpdates}; size, views, iterators and the asynchronous
 * view come from {@link PagedDbMap}, which it shares with the read cache, the layer above
 * ({@link CachedDbMap}) when the map has one.
 *
 * <p>Thread-safe; null keys and values are rejected like {@code ConcurrentHashMap}.
 */
final class StoreDbMap<K, V> extends PagedDbMap<K, V> {
    private final OptimisticUpdates<K, V> updates;

    StoreDbMap(EntryCodec<K, V> codec, RawMap raw, Lifecycle life, int pageSize, MapEvents<K, V> events) {
        super(codec, raw, life, pageSize, ValueCache.none(), events);
        this.updates = new OptimisticUpdates<>(codec, raw);
    }

    // ---- queries ----

    /** Encoded key for a query, or null when the key cannot be in the map (other type, too long). */
    private byte[] queryKey(Object key) {
        life.checkOpen();
        K k = codec.keyOrNull(key);
        return k == null ? null : codec.encodeKeyForRead(k);
    }

    /** The value {@code op} returns for the encoded key, decoded; null when the key cannot be in the map. */
    private V queried(Object key, UnaryOperator<byte[]> op) {
        byte[] kb = queryKey(key);
        return kb == null ? null : decodeOrNull(kb, op.apply(kb));
    }

    /** {@code op}'s answer for the encoded key; false when the key cannot be in the map. */
    private boolean queriedTest(Object key, Predicate<byte[]> op) {
        byte[] kb = queryKey(key);
        return kb != null && op.test(kb);
    }

    @Override
    public V get(Object key) {
        return queried(key, raw::get);
    }

    @Override
    public boolean containsKey(Object key) {
        return queriedTest(key, raw::containsKey);
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys) {
        life.checkOpen();
        List<K> wanted = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (Object key : keys) {
            K k = codec.keyOrNull(key);
            byte[] kb = k == null ? null : codec.encodeKeyForRead(k);
            if (kb != null) {
                wanted.add(k);
                encoded.add(kb);
            }
        }
        Map<K, V> found = new LinkedHashMap<>();
        for (int from = 0; from < encoded.size(); from += pageSize) {
            int to = Math.min(encoded.size(), from + pageSize);
            List<byte[]> values = raw.getAll(encoded.subList(from, to));
            for (int i = from; i < to; i++) {
                byte[] vb = values.get(i - from);
                if (vb != null) {
                    found.put(wanted.get(i), codec.decodeValue(encoded.get(i), vb));
                }
            }
        }
        return found;
    }

    // ---- writes ----

    /** Encodes and checks the entry, writes it with {@code op} and decodes the value {@code op} replaced. */
    private V swapped(K key, V value, BinaryOperator<byte[]> op) {
        life.checkOpen();
        byte[] kb = codec.encodeKey(key);
        return decodeOrNull(kb, op.apply(kb, codec.encodeValue(value)));
    }

    @Override
    public V put(K key, V value) {
        return swapped(key, value, raw::put);
    }

    @Override
    public void set(K key, V value) {
        life.checkOpen();
        raw.set(codec.encodeKey(key), codec.encodeValue(value));
    }

    @Override
    public V remove(Object key) {
        return queried(key, raw::remove);
    }

    @Override
    public boolean delete(K key) {
        return queriedTest(key, raw::delete);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        putAll(m, k -> {});
    }

    /** {@link #putAll(Map)}, telling {@code written} each key of a batch once the batch was tried. */
    void putAll(Map<? extends K, ? extends V> m, Consumer<K> written) {
        life.checkOpen();
        // Encode and check every entry before writing any, so bad input changes nothing.
        List<RawEntry> all = new ArrayList<>(m.size());
        List<K> keys = new ArrayList<>(m.size());
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
            all.add(new RawEntry(codec.encodeKey(e.getKey()), codec.encodeValue(e.getValue())));
            keys.add(e.getKey());
        }
        for (int from = 0; from < all.size(); from += pageSize) {
            int to = Math.min(all.size(), from + pageSize);
            try {
                raw.putAll(all.subList(from, to));
            } finally {
                keys.subList(from, to).forEach(written);
            }
        }
    }

    @Override
    public void clear() {
        life.checkOpen();
        raw.clear();
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return swapped(key, value, raw::putIfAbsent);
    }

    @Override
    public boolean remove(Object key, Object value) {
        byte[] kb = queryKey(key);
        V v = kb == null || value == null ? null : codec.valueOrNull(value);
        return v != null && raw.remove(kb, codec.encodeValue(v));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        life.checkOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        byte[] kb = codec.encodeKey(key);
        byte[] nb = codec.encodeValue(newValue);
        return raw.replace(kb, codec.encodeValue(oldValue), nb);
    }

    @Override
    public V replace(K key, V value) {
        return swapped(key, value, raw::replace);
    }

    // ---- atomic read-modify-write, optimistic against the store ----

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "mappingFunction");
        return updates.computeIfAbsent(key, codec.encodeKey(key), fn);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        return updates.computeIfPresent(key, codec.encodeKey(key), fn);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        return updates.compute(key, codec.encodeKey(key), fn);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fn, "remappingFunction");
        return updates.merge(codec.encodeKey(key), value, fn);
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> fn) {
        replaceAll(fn, (k, v) -> {}, k -> {});
    }

    /** {@link #replaceAll(BiFunction)}, telling {@code replaced} each value stored and {@code gone} each key skipped. */
    void replaceAll(BiFunction<? super K, ? super V, ? extends V> fn, BiConsumer<K, V> replaced, Consumer<K> gone) {
        Objects.requireNonNull(fn, "function");
        life.checkOpen();
        updates.replaceAll(views.rawEntries(), fn, replaced, gone);
    }

    private V decodeOrNull(byte[] kb, byte[] vb) {
        return vb == null ? null : codec.decodeValue(kb, vb);
    }
}
