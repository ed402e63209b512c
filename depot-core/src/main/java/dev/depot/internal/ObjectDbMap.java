package dev.depot.internal;

import dev.depot.DbMap;
import dev.depot.DbMapAsync;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@link DbMap} over a store's live table of Java objects ({@link dev.depot.spi.Store#openObjects},
 * the memory store): reads cost what a {@link ConcurrentHashMap} read costs. Writes are encoded
 * once to enforce the same key and value limits as every other store, so a map that works here
 * also migrates to PostgreSQL. Atomic operations are the table's own (one process owns such a
 * store), so functions run once and values are kept by reference.
 *
 * <p>This class is long because each operation of the {@code ConcurrentMap} contract needs the
 * codec's limit check before it touches the table, and {@code byte[]} values their own equality.
 */
final class ObjectDbMap<K, V> extends CodecDbMap<K, V> {
    private final ConcurrentMap<K, V> map;
    private final boolean byteArrayValues;
    private final EntrySetView entrySet = new EntrySetView();
    private final DbMapAsync<K, V> async = ExecutorAsyncDbMap.immediate(this);

    ObjectDbMap(EntryCodec<K, V> codec, Lifecycle life, ConcurrentMap<K, V> table) {
        super(codec, life);
        this.map = table;
        this.byteArrayValues = codec.valueCodec().type() == byte[].class;
    }

    private void check(K key, V value) {
        codec.encodeKey(key);
        codec.encodeValue(value);
    }

    /** The table, once the Depot is known to be open. */
    private ConcurrentMap<K, V> open() {
        life.checkOpen();
        return map;
    }

    /** The table, once the Depot is open and {@code key} and {@code value} pass the codec's limits. */
    private ConcurrentMap<K, V> writable(K key, V value) {
        life.checkOpen();
        check(key, value);
        return map;
    }

    private <R extends V> R checked(K key, R value) {
        if (value != null) {
            codec.encodeValue(value);
        }
        return value;
    }

    @Override
    public long sizeLong() {
        life.checkOpen();
        return map instanceof ConcurrentHashMap<K, V> chm ? chm.mappingCount() : map.size();
    }

    @Override
    public int size() {
        return open().size();
    }

    @Override
    public boolean isEmpty() {
        return open().isEmpty();
    }

    @Override
    public V get(Object key) {
        return open().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return open().containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        life.checkOpen();
        if (byteArrayValues && value instanceof byte[] b) {
            return map.values().stream().anyMatch(v -> Arrays.equals((byte[]) v, b));
        }
        return map.containsValue(value);
    }

    @Override
    public V put(K key, V value) {
        return writable(key, value).put(key, value);
    }

    @Override
    public void set(K key, V value) {
        put(key, value);
    }

    @Override
    public V remove(Object key) {
        return open().remove(key);
    }

    @Override
    public boolean delete(K key) {
        return remove(key) != null;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        life.checkOpen();
        Map<K, V> copy = new LinkedHashMap<>(m.size());
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
            check(e.getKey(), e.getValue());
            copy.put(e.getKey(), e.getValue());
        }
        map.putAll(copy);
    }

    @Override
    public void clear() {
        life.checkOpen();
        map.clear();
    }

    @Override
    public Set<K> keySet() {
        return open().keySet();
    }

    @Override
    public Collection<V> values() {
        return open().values();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        life.checkOpen();
        return entrySet;
    }

    /**
     * {@code ConcurrentHashMap}'s entry set, without {@code add}: adding through a view would
     * skip the limit checks, and no other store's view supports it.
     */
    private final class EntrySetView extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new MappedIterator<>(map.entrySet().iterator(), ObjectDbMap.this::checkedEntry);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            return map.entrySet().contains(o);
        }

        @Override
        public boolean remove(Object o) {
            return map.entrySet().remove(o);
        }

        @Override
        public void clear() {
            map.clear();
        }

        @Override
        public Spliterator<Map.Entry<K, V>> spliterator() {
            return map.entrySet().stream().map(ObjectDbMap.this::checkedEntry).spliterator();
        }
    }

    /**
     * An entry whose {@code setValue} applies the same checks as {@code put} (null, codec, size)
     * before writing through to the map, as every other store's entries do. Its key, value,
     * equality and text are the table entry's own: for {@code byte[]} keys that entry compares
     * by content.
     */
    private record CheckedEntry<K, V>(Map.Entry<K, V> entry, ObjectDbMap<K, V> owner) implements Map.Entry<K, V> {
        @Override
        public V setValue(V value) {
            owner.life.checkOpen();
            owner.codec.encodeValue(Objects.requireNonNull(value, "value"));
            return entry.setValue(value);
        }

        @Override
        public K getKey() {
            return entry.getKey();
        }

        @Override
        public boolean equals(Object o) {
            return entry.equals(o);
        }

        @Override
        public int hashCode() {
            return entry.hashCode();
        }

        @Override
        public V getValue() {
            return entry.getValue();
        }

        @Override
        public String toString() {
            return entry.toString();
        }
    }

    private Map.Entry<K, V> checkedEntry(Map.Entry<K, V> entry) {
        return new CheckedEntry<>(entry, this);
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys) {
        life.checkOpen();
        Map<K, V> found = new LinkedHashMap<>();
        for (Object key : keys) {
            K k = codec.keyOrNull(key);
            V v = k == null ? null : map.get(k);
            if (v != null) {
                found.put(k, v);
            }
        }
        return found;
    }

    @Override
    public DbMapAsync<K, V> async() {
        return async;
    }

    @Override
    public Stream<Map.Entry<K, V>> stream() {
        return open().entrySet().stream().map(this::checkedEntry);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return writable(key, value).putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        life.checkOpen();
        if (byteArrayValues && value instanceof byte[] expected) {
            K typed = codec.keyOrNull(key);
            if (typed == null) {
                return false;
            }
            boolean[] done = {false};
            map.computeIfPresent(typed, (k, cur) -> {
                done[0] = Arrays.equals((byte[]) cur, expected);
                return done[0] ? null : cur;
            });
            return done[0];
        }
        return map.remove(key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        life.checkOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        check(key, newValue);
        if (byteArrayValues) {
            boolean[] done = {false};
            map.computeIfPresent(key, (k, cur) -> {
                done[0] = Arrays.equals((byte[]) cur, (byte[]) oldValue);
                return done[0] ? newValue : cur;
            });
            return done[0];
        }
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public V replace(K key, V value) {
        return writable(key, value).replace(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "mappingFunction");
        codec.encodeKey(key);
        return map.computeIfAbsent(key, k -> checked(k, fn.apply(k)));
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        return map.computeIfPresent(key, (k, v) -> checked(k, fn.apply(k, v)));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        codec.encodeKey(key);
        return map.compute(key, (k, v) -> checked(k, fn.apply(k, v)));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        check(key, value);
        return map.merge(key, value, (a, b) -> checked(key, fn.apply(a, b)));
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "function");
        map.replaceAll((k, v) -> checked(k, fn.apply(k, v)));
    }

    @Override
    public boolean equals(Object o) {
        return o == this || map.equals(o);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
