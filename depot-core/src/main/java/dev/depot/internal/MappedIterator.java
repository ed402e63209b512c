package dev.depot.internal;

import java.util.Iterator;
import java.util.function.Function;

/**
 * An iterator that hands out {@code part(e)} for each element {@code e} of {@code source}, and
 * whose {@code remove} removes that element: the key, value or wrapped-entry iterator of a map
 * view. As thread-safe as the source iterator (one thread at a time, as iterators are used).
 */
public record MappedIterator<E, T>(Iterator<E> source, Function<? super E, ? extends T> part) implements Iterator<T> {
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
