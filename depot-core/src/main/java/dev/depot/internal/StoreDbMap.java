package dev.depot.internal;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.DbMapAsync;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawPage;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link DbMap} over a store's {@link RawMap}: codecs, limits and the {@code ConcurrentMap}
 * contract on top of byte-level operations.
 *
 * <p>Atomic read-modify-write ({@code compute*}, {@code merge}) is optimistic: read the stored
 * bytes, apply the function, then write only if the store still holds those exact bytes
 * ({@code replace(k, expected, v)}, {@code putIfAbsent}, {@code remove(k, expected)}), retrying
 * otherwise. The store's own compare-and-set makes this correct between processes, which a
 * JVM lock would not; the price is that functions may run more than once under contention.
 */
final class StoreDbMap<K, V> extends AbstractMap<K, V> implements DbMap<K, V> {
    private final EntryCodec<K, V> codec;
    private final RawMap raw;
    private final Lifecycle life;
    private final int pageSize;
    private final boolean byteArrayValues;
    private final ValueCache<K, V> cache;
    private final EntrySetView entrySet = new EntrySetView();
    private final KeySetView keySet = new KeySetView();
    private final ValuesView values = new ValuesView();
    private final AsyncView async = new AsyncView();

    StoreDbMap(EntryCodec<K, V> codec, RawMap raw, Lifecycle life, int pageSize, ValueCache<K, V> cache) {
        this.codec = codec;
        this.cache = cache;
        this.raw = raw;
        this.life = life;
        this.pageSize = pageSize;
        this.byteArrayValues = codec.valueCodec().type() == byte[].class;
    }

    @Override
    public String name() {
        return codec.mapName();
    }

    @Override
    public Codec<K> keyCodec() {
        return codec.keyCodec();
    }

    @Override
    public Codec<V> valueCodec() {
        return codec.valueCodec();
    }

    // ---- queries ----

    /** Encoded key for a query, or null when the key cannot be in the map (other type, too long). */
    private byte[] queryKey(Object key) {
        life.checkOpen();
        K k = codec.keyOrNull(key);
        return k == null ? null : codec.encodeKeyForRead(k);
    }

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
        byte[] kb = codec.encodeKeyForRead(k);
        if (kb == null) {
            return null;
        }
        return cache.get(k, kb, () -> decodeOrNull(kb, raw.get(kb)));
    }

    @Override
    public boolean containsKey(Object key) {
        life.checkOpen();
        K k = codec.keyOrNull(key);
        if (k == null) {
            return false;
        }
        if (cache.peek(k) != null) {
            return true;
        }
        byte[] kb = codec.encodeKeyForRead(k);
        return kb != null && raw.containsKey(kb);
    }

    @Override
    public boolean containsValue(Object value) {
        life.checkOpen();
        Objects.requireNonNull(value, "value");
        for (V v : values) {
            if (valueEquals(v, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        long n = sizeLong();
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    @Override
    public long sizeLong() {
        life.checkOpen();
        return raw.size();
    }

    @Override
    public boolean isEmpty() {
        life.checkOpen();
        return !new RawIterator(1).hasNext();
    }

    // ---- writes ----

    @Override
    public V put(K key, V value) {
        life.checkOpen();
        byte[] kb = codec.encodeKey(key);
        byte[] vb = codec.encodeValue(value);
        byte[] previous;
        try {
            previous = raw.put(kb, vb);
        } catch (RuntimeException e) {
            cache.invalidate(key, kb); // the write may or may not have happened
            throw e;
        }
        cache.put(key, kb, value);
        return decodeOrNull(kb, previous);
    }

    @Override
    public void set(K key, V value) {
        life.checkOpen();
        byte[] kb = codec.encodeKey(key);
        byte[] vb = codec.encodeValue(value);
        try {
            raw.set(kb, vb);
        } catch (RuntimeException e) {
            cache.invalidate(key, kb);
            throw e;
        }
        cache.put(key, kb, value);
    }

    @Override
    public V remove(Object key) {
        byte[] kb = queryKey(key);
        if (kb == null) {
            return null;
        }
        try {
            return decodeOrNull(kb, raw.remove(kb));
        } finally {
            cache.invalidate(codec.keyOrNull(key), kb);
        }
    }

    @Override
    public boolean delete(K key) {
        byte[] kb = queryKey(key);
        if (kb == null) {
            return false;
        }
        try {
            return raw.delete(kb);
        } finally {
            cache.invalidate(key, kb);
        }
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
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
                // Invalidate rather than fill: a bulk load should not evict the hot entries.
                for (int i = from; i < to; i++) {
                    cache.invalidate(keys.get(i), all.get(i).key());
                }
            }
        }
    }

    @Override
    public void clear() {
        life.checkOpen();
        try {
            raw.clear();
        } finally {
            cache.invalidateAll();
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        life.checkOpen();
        byte[] kb = codec.encodeKey(key);
        byte[] vb = codec.encodeValue(value);
        V existing = null;
        try {
            existing = decodeOrNull(kb, raw.putIfAbsent(kb, vb));
            return existing;
        } finally {
            settle(key, kb, existing);
        }
    }

    @Override
    public boolean remove(Object key, Object value) {
        byte[] kb = queryKey(key);
        if (kb == null || value == null) {
            return false;
        }
        V v = codec.valueOrNull(value);
        if (v == null) {
            return false;
        }
        try {
            return raw.remove(kb, codec.encodeValue(v));
        } finally {
            cache.invalidate(codec.keyOrNull(key), kb);
        }
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        life.checkOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        byte[] kb = codec.encodeKey(key);
        byte[] nb = codec.encodeValue(newValue);
        boolean replaced = false;
        try {
            replaced = raw.replace(kb, codec.encodeValue(oldValue), nb);
            return replaced;
        } finally {
            settle(key, kb, replaced ? newValue : null);
        }
    }

    @Override
    public V replace(K key, V value) {
        life.checkOpen();
        byte[] kb = codec.encodeKey(key);
        byte[] vb = codec.encodeValue(value);
        V previous = null;
        try {
            previous = decodeOrNull(kb, raw.replace(kb, vb));
            return previous;
        } finally {
            settle(key, kb, previous != null ? value : null);
        }
    }

    /** After a write: cache the value now stored when it is known, else forget the key. */
    private void settle(K key, byte[] kb, V known) {
        if (known != null) {
            cache.put(key, kb, known);
        } else {
            cache.invalidate(key, kb);
        }
    }

    // ---- atomic read-modify-write, optimistic against the store ----

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "mappingFunction");
        byte[] kb = codec.encodeKey(key);
        V result = null;
        try {
            byte[] current = raw.get(kb);
            if (current != null) {
                return result = codec.decodeValue(kb, current);
            }
            V created = fn.apply(key);
            if (created == null) {
                return null;
            }
            byte[] existing = raw.putIfAbsent(kb, codec.encodeValue(created));
            return result = existing == null ? created : codec.decodeValue(kb, existing);
        } finally {
            settle(key, kb, result);
        }
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        byte[] kb = codec.encodeKey(key);
        V result = null;
        try {
            while (true) {
                byte[] current = raw.get(kb);
                if (current == null) {
                    return null;
                }
                V next = fn.apply(key, codec.decodeValue(kb, current));
                if (next == null) {
                    if (raw.remove(kb, current)) {
                        return null;
                    }
                } else if (raw.replace(kb, current, codec.encodeValue(next))) {
                    return result = next;
                }
            }
        } finally {
            settle(key, kb, result);
        }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(fn, "remappingFunction");
        byte[] kb = codec.encodeKey(key);
        V result = null;
        try {
            while (true) {
                byte[] current = raw.get(kb);
                V next = fn.apply(key, current == null ? null : codec.decodeValue(kb, current));
                if (swap(kb, current, next)) {
                    return result = next;
                }
            }
        } finally {
            settle(key, kb, result);
        }
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        life.checkOpen();
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fn, "remappingFunction");
        byte[] kb = codec.encodeKey(key);
        byte[] given = codec.encodeValue(value);
        V result = null;
        try {
            while (true) {
                byte[] current = raw.get(kb);
                if (current == null) {
                    if (raw.putIfAbsent(kb, given) == null) {
                        return result = value;
                    }
                    continue;
                }
                V next = fn.apply(codec.decodeValue(kb, current), value);
                if (swap(kb, current, next)) {
                    return result = next;
                }
            }
        } finally {
            settle(key, kb, result);
        }
    }

    /** Moves the key from {@code current} bytes (null: absent) to {@code next} (null: remove), if still current. */
    private boolean swap(byte[] kb, byte[] current, V next) {
        if (current == null) {
            return next == null || raw.putIfAbsent(kb, codec.encodeValue(next)) == null;
        }
        if (next == null) {
            return raw.remove(kb, current);
        }
        return raw.replace(kb, current, codec.encodeValue(next));
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> fn) {
        Objects.requireNonNull(fn, "function");
        life.checkOpen();
        Iterator<RawEntry> it = new RawIterator(pageSize);
        while (it.hasNext()) {
            RawEntry e = it.next();
            byte[] current = e.value();
            K k = codec.decodeKey(e.key());
            while (current != null) {
                V next = Objects.requireNonNull(fn.apply(k, codec.decodeValue(e.key(), current)), "function returned null");
                if (raw.replace(e.key(), current, codec.encodeValue(next))) {
                    cache.put(k, e.key(), next);
                    break;
                }
                current = raw.get(e.key()); // changed meanwhile; removed keys are skipped, like ConcurrentHashMap
            }
            if (current == null) {
                cache.invalidate(k, e.key());
            }
        }
    }

    // ---- views ----

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entrySet;
    }

    @Override
    public Set<K> keySet() {
        return keySet;
    }

    @Override
    public Collection<V> values() {
        return values;
    }

    @Override
    public Map<K, V> getAll(Collection<? extends K> keys) {
        life.checkOpen();
        Map<K, V> found = new LinkedHashMap<>();
        List<K> wanted = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (Object key : keys) {
            K k = codec.keyOrNull(key);
            if (k == null) {
                continue;
            }
            V hit = cache.peek(k);
            if (hit != null) {
                found.put(k, hit);
                continue;
            }
            byte[] kb = codec.encodeKeyForRead(k);
            if (kb != null) {
                wanted.add(k);
                encoded.add(kb);
            }
        }
        // Bulk results are not put in the cache: only per-key loads are ordered against writes.
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

    @Override
    public DbMapAsync<K, V> async() {
        return async;
    }

    /**
     * The asynchronous view: single-key reads and plain writes use the store's asynchronous calls;
     * writes invalidate the cached key when they complete, so a load racing with them cannot
     * leave an older value cached. Everything else runs the synchronous operation on a virtual thread.
     */
    private final class AsyncView extends ExecutorAsyncDbMap<K, V> {
        AsyncView() {
            super(StoreDbMap.this, false);
        }

        @Override
        public CompletableFuture<V> get(K key) {
            Objects.requireNonNull(key, "key");
            life.checkOpen();
            V hit = cache.peek(key);
            if (hit != null) {
                return CompletableFuture.completedFuture(hit);
            }
            byte[] kb = codec.encodeKeyForRead(key);
            if (kb == null) {
                return CompletableFuture.completedFuture(null);
            }
            return raw.getAsync(kb).thenApply(vb -> decodeOrNull(kb, vb));
        }

        @Override
        public CompletableFuture<Void> set(K key, V value) {
            life.checkOpen();
            byte[] kb = codec.encodeKey(key);
            byte[] vb = codec.encodeValue(value);
            return raw.setAsync(kb, vb).whenComplete((r, t) -> cache.invalidate(key, kb));
        }

        @Override
        public CompletableFuture<V> put(K key, V value) {
            life.checkOpen();
            byte[] kb = codec.encodeKey(key);
            byte[] vb = codec.encodeValue(value);
            return raw.putAsync(kb, vb).whenComplete((r, t) -> cache.invalidate(key, kb)).thenApply(prev -> decodeOrNull(kb, prev));
        }

        @Override
        public CompletableFuture<Boolean> delete(K key) {
            Objects.requireNonNull(key, "key");
            life.checkOpen();
            byte[] kb = codec.encodeKeyForRead(key);
            if (kb == null) {
                return CompletableFuture.completedFuture(false);
            }
            return raw.deleteAsync(kb).whenComplete((r, t) -> cache.invalidate(key, kb));
        }
    }

    @Override
    public Stream<Map.Entry<K, V>> stream() {
        life.checkOpen();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new EntryIterator(),
                Spliterator.NONNULL | Spliterator.DISTINCT | Spliterator.CONCURRENT), false);
    }

    private V decodeOrNull(byte[] kb, byte[] vb) {
        return vb == null ? null : codec.decodeValue(kb, vb);
    }

    private boolean valueEquals(V stored, Object given) {
        if (byteArrayValues && stored instanceof byte[] a && given instanceof byte[] b) {
            return Arrays.equals(a, b);
        }
        return stored.equals(given);
    }

    /** Raw entries page by page; each page is a separate store call, so no connection is held between pages. */
    private final class RawIterator implements Iterator<RawEntry> {
        private final int limit;
        private List<RawEntry> page = List.of();
        private int index;
        private byte[] cursor;
        private boolean done;

        RawIterator(int limit) {
            this.limit = limit;
        }

        @Override
        public boolean hasNext() {
            while (index >= page.size()) {
                if (done) {
                    return false;
                }
                life.checkOpen();
                RawPage next = raw.scan(cursor, limit);
                page = next.entries();
                index = 0;
                cursor = next.next();
                done = next.isLast();
            }
            return true;
        }

        @Override
        public RawEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.get(index++);
        }
    }

    private final class EntryIterator implements Iterator<Map.Entry<K, V>> {
        private final RawIterator rawIt = new RawIterator(pageSize);
        private byte[] lastKey;
        private K lastDecoded;

        @Override
        public boolean hasNext() {
            return rawIt.hasNext();
        }

        @Override
        public Map.Entry<K, V> next() {
            RawEntry e = rawIt.next();
            lastKey = e.key();
            lastDecoded = codec.decodeKey(e.key());
            return new WriteThroughEntry(lastDecoded, codec.decodeValue(e.key(), e.value()));
        }

        @Override
        public void remove() {
            if (lastKey == null) {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            life.checkOpen();
            try {
                raw.delete(lastKey);
            } finally {
                cache.invalidate(lastDecoded, lastKey);
                lastKey = null;
            }
        }
    }

    /** An entry whose {@code setValue} writes to the store, like {@code ConcurrentHashMap}'s. */
    private final class WriteThroughEntry extends SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            Objects.requireNonNull(value, "value");
            V old = super.setValue(value);
            put(getKey(), value);
            return old;
        }
    }

    private final class EntrySetView extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            life.checkOpen();
            return new EntryIterator();
        }

        @Override
        public int size() {
            return StoreDbMap.this.size();
        }

        @Override
        public boolean isEmpty() {
            return StoreDbMap.this.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
                return false;
            }
            V v = get(e.getKey());
            return v != null && valueEquals(v, e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                    && StoreDbMap.this.remove(e.getKey(), e.getValue());
        }

        @Override
        public void clear() {
            StoreDbMap.this.clear();
        }

        @Override
        public Spliterator<Map.Entry<K, V>> spliterator() {
            return Spliterators.spliteratorUnknownSize(iterator(), Spliterator.NONNULL | Spliterator.DISTINCT | Spliterator.CONCURRENT);
        }
    }

    private final class KeySetView extends AbstractSet<K> {
        @Override
        public Iterator<K> iterator() {
            return new ProjectingIterator<>(entrySet.iterator(), Map.Entry::getKey);
        }

        @Override
        public int size() {
            return StoreDbMap.this.size();
        }

        @Override
        public boolean isEmpty() {
            return StoreDbMap.this.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            return o != null && containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            if (o == null) {
                return false;
            }
            K k = codec.keyOrNull(o);
            return k != null && delete(k);
        }

        @Override
        public void clear() {
            StoreDbMap.this.clear();
        }

        @Override
        public Spliterator<K> spliterator() {
            return Spliterators.spliteratorUnknownSize(iterator(), Spliterator.NONNULL | Spliterator.DISTINCT | Spliterator.CONCURRENT);
        }
    }

    private final class ValuesView extends AbstractCollection<V> {
        @Override
        public Iterator<V> iterator() {
            return new ProjectingIterator<>(entrySet.iterator(), Map.Entry::getValue);
        }

        @Override
        public int size() {
            return StoreDbMap.this.size();
        }

        @Override
        public boolean isEmpty() {
            return StoreDbMap.this.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            return o != null && containsValue(o);
        }

        @Override
        public void clear() {
            StoreDbMap.this.clear();
        }

        @Override
        public Spliterator<V> spliterator() {
            return Spliterators.spliteratorUnknownSize(iterator(), Spliterator.NONNULL | Spliterator.CONCURRENT);
        }
    }

    /** The keys or values of an entry iterator; {@code remove} removes the entry. */
    private record ProjectingIterator<E, T>(Iterator<E> entries, Function<E, T> part) implements Iterator<T> {
        @Override
        public boolean hasNext() {
            return entries.hasNext();
        }

        @Override
        public T next() {
            return part.apply(entries.next());
        }

        @Override
        public void remove() {
            entries.remove();
        }
    }
}
