package dev.depot.internal;

import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawPage;
import java.util.AbstractCollection;
import java.util.AbstractMap.SimpleEntry;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The views of a map over a store ({@code entrySet}, {@code keySet}, {@code values}, {@code stream})
 * and the iterators under them. They read {@link RawMap#scan} pages on demand; each page is its
 * own store call, so an abandoned iterator or stream holds no connection (PgBouncer).
 *
 * <p>Writes through a view ({@code setValue}, {@code remove}, {@code clear}) go through the owning
 * map, never straight to the store, so the layers above the store (the read cache) see them.
 * Thread-safe as the map is; iteration is weakly consistent, like {@code ConcurrentHashMap}'s.
 *
 * <p>This class is long because the three views and their iterators share one page source and
 * one owning map; split apart, each would repeat both.
 */
final class PagedViews<K, V> {
    /** The map these are views of; its codec, store, lifecycle and page size serve them too. */
    private final PagedDbMap<K, V> owner;
    private final boolean byteArrayValues;
    /** The views themselves, one of each per map, handed out as they are by {@link PagedDbMap}. */
    final Set<Map.Entry<K, V>> entrySet = new EntrySetView();
    final Set<K> keySet = new KeySetView();
    final Collection<V> values = new ValuesView();

    /** Called from {@code owner}'s constructor, once its codec, store and page size are set. */
    PagedViews(PagedDbMap<K, V> owner) {
        this.owner = owner;
        this.byteArrayValues = owner.codec.valueCodec().type() == byte[].class;
    }

    /** Raw entries of the whole map, page by page. */
    Iterator<RawEntry> rawEntries() {
        return new RawIterator(owner.pageSize);
    }

    boolean isEmpty() {
        owner.life.checkOpen();
        return !new RawIterator(1).hasNext();
    }

    boolean containsValue(Object value) {
        owner.life.checkOpen();
        Objects.requireNonNull(value, "value");
        for (V v : values) {
            if (valueEquals(v, value)) {
                return true;
            }
        }
        return false;
    }

    Stream<Map.Entry<K, V>> stream() {
        owner.life.checkOpen();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new EntryIterator(),
                Spliterator.NONNULL | Spliterator.DISTINCT | Spliterator.CONCURRENT), false);
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
                owner.life.checkOpen();
                RawPage next = owner.raw.scan(cursor, limit);
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
        private final RawIterator rawIt = new RawIterator(owner.pageSize);
        private K lastKey;

        @Override
        public boolean hasNext() {
            return rawIt.hasNext();
        }

        @Override
        public Map.Entry<K, V> next() {
            RawEntry e = rawIt.next();
            lastKey = owner.codec.decodeKey(e.key());
            return new WriteThroughEntry(lastKey, owner.codec.decodeValue(e.key(), e.value()));
        }

        @Override
        public void remove() {
            if (lastKey == null) {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            try {
                owner.delete(lastKey);
            } finally {
                lastKey = null;
            }
        }
    }

    /** An entry whose {@code setValue} writes to the map, like {@code ConcurrentHashMap}'s. */
    private final class WriteThroughEntry extends SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            Objects.requireNonNull(value, "value");
            V old = super.setValue(value);
            owner.put(getKey(), value);
            return old;
        }
    }

    /**
     * A view whose size, emptiness and clearing are the owning map's, whose elements are made
     * from the entries by {@code fromEntry}, and whose spliterator reports {@code characteristics}
     * besides non-null and concurrent.
     */
    private abstract class OwnerCollection<E> extends AbstractCollection<E> {
        private final int characteristics;
        private final Function<Map.Entry<K, V>, E> fromEntry;

        OwnerCollection(int characteristics, Function<Map.Entry<K, V>, E> fromEntry) {
            this.characteristics = characteristics | Spliterator.NONNULL | Spliterator.CONCURRENT;
            this.fromEntry = fromEntry;
        }

        @Override
        public Iterator<E> iterator() {
            return new MappedIterator<>(entrySet.iterator(), fromEntry);
        }

        @Override
        public int size() {
            return owner.size();
        }

        @Override
        public boolean isEmpty() {
            return owner.isEmpty();
        }

        @Override
        public void clear() {
            owner.clear();
        }

        @Override
        public Spliterator<E> spliterator() {
            return Spliterators.spliteratorUnknownSize(iterator(), characteristics);
        }
    }

    /** An {@link OwnerCollection} with a set's equality, as {@link java.util.AbstractSet} gives it. */
    private abstract class OwnerSet<E> extends OwnerCollection<E> implements Set<E> {
        OwnerSet(Function<Map.Entry<K, V>, E> fromEntry) {
            super(Spliterator.DISTINCT, fromEntry);
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (!(o instanceof Set<?> other) || other.size() != size()) {
                return false;
            }
            try {
                return containsAll(other);
            } catch (ClassCastException | NullPointerException unused) {
                return false;
            }
        }

        @Override
        public int hashCode() {
            int h = 0;
            for (E e : this) {
                h += e.hashCode();
            }
            return h;
        }
    }

    /** The page iterator itself; its own {@code iterator()} replaces the mapping of the other views. */
    private final class EntrySetView extends OwnerSet<Map.Entry<K, V>> {
        EntrySetView() {
            super(Function.identity());
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            owner.life.checkOpen();
            return new EntryIterator();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
                return false;
            }
            V v = owner.get(e.getKey());
            return v != null && valueEquals(v, e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                    && owner.remove(e.getKey(), e.getValue());
        }
    }

    private final class KeySetView extends OwnerSet<K> {
        KeySetView() {
            super(Map.Entry::getKey);
        }

        @Override
        public boolean contains(Object o) {
            return o != null && owner.containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            if (o == null) {
                return false;
            }
            K k = owner.codec.keyOrNull(o);
            return k != null && owner.delete(k);
        }
    }

    /** Not a set (values repeat), so an {@link OwnerCollection} without set equality. */
    private final class ValuesView extends OwnerCollection<V> {
        ValuesView() {
            super(0, Map.Entry::getValue);
        }

        @Override
        public boolean contains(Object o) {
            return o != null && owner.containsValue(o);
        }
    }
}
