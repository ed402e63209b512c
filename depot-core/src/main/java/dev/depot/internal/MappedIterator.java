package dev.depot.internal;

import java.util.Iterator;
import java.util.function.Function;

/**
 * An iterator that hands out {@code part(e)} for each element {@code e} of another, and whose
 * {@code remove} removes that element: the key, value or wrapped-entry iterator of a map view.
 * As thread-safe as the source iterator (one thread at a time, as iterators are used).
 */
public final class MappedIterator<E, T> implements Iterator<T> {
    private final Iterator<E> source;
    private final Function<? super E, ? extends T> part;

    public MappedIterator(Iterator<E> source, Function<? super E, ? extends T> part) {
        this.source = source;
        this.part = part;
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public T next() {
        return part.apply(source.next());
    }

    @Override
    public void remove() {
        source.remove();
    }
}
