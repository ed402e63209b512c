package dev.depot.internal;

import dev.depot.DbMap;
import dev.depot.DbMapAsync;
import dev.depot.MapEvent;
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
 * store), so functions run once and values are kept by reference. Each write that changed the
 * table is told to the map's listeners ({@link MapEvents}) after it, on the writer's thread
 * only as far as queueing the event.
 *
 * <p>This class is long because each operation of the {@code ConcurrentMap} contract needs the
 * codec's limit check before it touches the table, and {@code byte[]} values their own equality.
 */
final class ObjectDbMap<K, V> extends CodecDbMap<K, V> {
    private final ConcurrentMap<K, V> map;
    private final boolean byteArrayValues;
    private final EntrySetView entrySet = new EntrySetView();
    private final DbMapAsync<K, V> async = ExecutorAsyncDbMap.immediate(this);

    ObjectDbMap(EntryCodec<K, V> codec, Lifecycle life, ConcurrentMap<K, V> table, MapEvents<K, V> events) {
        super(codec, life, events);
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

    /** Tells the listeners, if any, that {@code key} changed; returns {@code result}. */
    private <R> R told(MapEvent.Kind kind, Object key, R result) {
        if (events.active()) {
            @SuppressWarnings("unchecked")
            K k = (K) key;
            events.publish(kind, k, true);
        }
        return result;
    }

    /** A PUT event when {@code result} (the value now stored) is non-null, else a REMOVE; returns it. */
    private <R extends V> R settled(K key, R result) {
        return told(result == null ? MapEvent.Kind.REMOVE : MapEvent.Kind.PUT, key, result);
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
        return told(MapEvent.Kind.PUT, key, writable(key, value).put(key, value));
    }

    @Override
    public void set(K key, V value) {
        put(key, value);
    }

    @Override
    public V remove(Object key) {
        V previous = open().remove(key);
        return previous == null ? null : told(MapEvent.Kind.REMOVE, key, previous);
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
        if (events.active()) {
            copy.keySet().forEach(k -> events.publish(MapEvent.Kind.PUT, k, true));
        }
    }

    @Override
    public void clear() {
        life.checkOpen();
        map.clear();
        told(MapEvent.Kind.CLEAR, null, null);
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
            boolean removed = map.entrySet().remove(o);
            return removed && o instanceof Map.Entry<?, ?> e ? told(MapEvent.Kind.REMOVE, e.getKey(), true) : removed;
        }

        @Override
        public void clear() {
            ObjectDbMap.this.clear();
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
            return owner.told(MapEvent.Kind.PUT, entry.getKey(), entry.setValue(value));
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
        V present = writable(key, value).putIfAbsent(key, value);
        return present != null ? present : told(MapEvent.Kind.PUT, key, null);
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
            return done[0] && told(MapEvent.Kind.REMOVE, typed, true);
        }
        return map.remove(key, value) && told(MapEvent.Kind.REMOVE, key, true);
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
            return done[0] && told(MapEvent.Kind.PUT, key, true);
        }
        return map.replace(key, oldValue, newValue) && told(MapEvent.Kind.PUT, key, true);
    }

    @Override
    public V replace(K key, V value) {
        V previous = writable(key, value).replace(key, value);
        return previous == null ? null : told(MapEvent.Kind.PUT, key, previous);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "mappingFunction");
        codec.encodeKey(key);
        boolean[] ran = {false};
        V result = map.computeIfAbsent(key, k -> {
            ran[0] = true;
            return checked(k, fn.apply(k));
        });
        return ran[0] && result != null ? told(MapEvent.Kind.PUT, key, result) : result;
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        boolean[] ran = {false};
        V result = map.computeIfPresent(key, (k, v) -> {
            ran[0] = true;
            return checked(k, fn.apply(k, v));
        });
        return ran[0] ? settled(key, result) : result;
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        codec.encodeKey(key);
        boolean[] existed = {false};
        V result = map.compute(key, (k, v) -> {
            existed[0] = v != null;
            return checked(k, fn.apply(k, v));
        });
        return result != null || existed[0] ? settled(key, result) : null;
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        check(key, value);
        return settled(key, map.merge(key, value, (a, b) -> checked(key, fn.apply(a, b))));
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "function");
        if (!events.active()) {
            map.replaceAll((k, v) -> checked(k, fn.apply(k, v)));
            return;
        }
        // Key by key, so each event follows its own replacement.
        for (K k : map.keySet()) {
            if (map.computeIfPresent(k, (x, v) -> checked(x, Objects.requireNonNull(fn.apply(x, v), "function returned null")))
                    != null) {
                events.publish(MapEvent.Kind.PUT, k, true);
            }
        }
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
