package dev.depot.internal.memory;

import dev.depot.internal.MappedIterator;
import dev.depot.spi.ByteKey;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link ConcurrentMap} whose keys are arrays (such as {@code byte[]}), compared by their
 * encoded bytes: a {@link ConcurrentHashMap} of {@link ByteKey}s underneath, so the memory store
 * keeps maps with array keys as objects like every other map, with {@code ConcurrentHashMap}'s
 * atomicity (functions run once). Arrays have no value equality, which is why the plain table
 * cannot hold them. Stored keys are copies (the caller may reuse its array); keys read back are
 * decoded from them. Thread-safe; null keys and values are rejected as in {@code ConcurrentHashMap}.
 */
final class ArrayKeyMap<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {
    private final ConcurrentHashMap<ByteKey, V> map = new ConcurrentHashMap<>();
    private final Class<K> keyType;
    private final Function<K, byte[]> encode;
    private final Function<byte[], K> decode;
    private final EntrySet entrySet = new EntrySet();
    private final KeySet keySet = new KeySet();

    /**
     * @param encode the key's bytes; for {@code byte[]} the array itself, since {@link #stored}
     *     copies it and lookups only read it
     * @param decode the key from its bytes, for iteration
     */
    ArrayKeyMap(Class<K> keyType, Function<K, byte[]> encode, Function<byte[], K> decode) {
        this.keyType = keyType;
        this.encode = encode;
        this.decode = decode;
    }

    /** The key to look up; null when {@code key} is of another type and so cannot be in the map. */
    private ByteKey lookup(Object key) {
        Objects.requireNonNull(key, "key");
        return keyType.isInstance(key) ? new ByteKey(encode.apply(keyType.cast(key))) : null;
    }

    private ByteKey stored(K key) {
        return new ByteKey(encode.apply(Objects.requireNonNull(key, "key")).clone());
    }

    private K key(ByteKey k) {
        return decode.apply(k.bytes());
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public V get(Object key) {
        ByteKey k = lookup(key);
        return k == null ? null : map.get(k);
    }

    @Override
    public boolean containsKey(Object key) {
        ByteKey k = lookup(key);
        return k != null && map.containsKey(k);
    }

    @Override
    public boolean containsValue(Object value) {
        return map.containsValue(value);
    }

    @Override
    public V put(K key, V value) {
        return map.put(stored(key), value);
    }

    @Override
    public V remove(Object key) {
        ByteKey k = lookup(key);
        return k == null ? null : map.remove(k);
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return map.putIfAbsent(stored(key), value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        ByteKey k = lookup(key);
        return k != null && map.remove(k, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return map.replace(lookup(key), oldValue, newValue);
    }

    @Override
    public V replace(K key, V value) {
        return map.replace(lookup(key), value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        return map.computeIfAbsent(stored(key), k -> fn.apply(key));
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        return map.computeIfPresent(lookup(key), (k, v) -> fn.apply(key, v));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        return map.compute(stored(key), (k, v) -> fn.apply(key, v));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        return map.merge(stored(key), value, fn);
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> fn) {
        map.replaceAll((k, v) -> fn.apply(key(k), v));
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEach((k, v) -> action.accept(key(k), v));
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entrySet;
    }

    @Override
    public Set<K> keySet() {
        return keySet;
    }

    /** Entries with the stored key's bytes; {@code setValue} and {@code remove} write through. */
    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new MappedIterator<>(map.entrySet().iterator(), e -> new Map.Entry<K, V>() {
                @Override
                public K getKey() {
                    return key(e.getKey());
                }

                @Override
                public V getValue() {
                    return e.getValue();
                }

                @Override
                public V setValue(V value) {
                    return e.setValue(value);
                }

                @Override
                public boolean equals(Object o) {
                    return o instanceof Map.Entry<?, ?> other && other.getKey() != null
                            && e.getKey().equals(lookup(other.getKey())) && Objects.equals(getValue(), other.getValue());
                }

                @Override
                public int hashCode() {
                    return e.getKey().hashCode() ^ Objects.hashCode(getValue());
                }

                @Override
                public String toString() {
                    return e.getKey() + "=" + getValue();
                }
            });
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null) {
                return false;
            }
            V v = get(e.getKey());
            return v != null && v.equals(e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                    && ArrayKeyMap.this.remove(e.getKey(), e.getValue());
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    /** The keys' bytes; {@code contains} and {@code remove} compare by content. */
    private final class KeySet extends AbstractSet<K> {
        @Override
        public Iterator<K> iterator() {
            return new MappedIterator<>(map.keySet().iterator(), ArrayKeyMap.this::key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            return o != null && containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            return o != null && ArrayKeyMap.this.remove(o) != null;
        }

        @Override
        public void clear() {
            map.clear();
        }
    }
}
