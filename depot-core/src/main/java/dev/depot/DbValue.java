package dev.depot;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One named value in the store, such as a counter, a cursor or a settings record. Atomic in the
 * store like {@link DbMap}'s conditional operations. Null means "no value": {@link #set} rejects
 * null, {@link #clear()} removes the value. Thread-safe.
 *
 * @param <T> the value type
 */
public interface DbValue<T> {

    /** The value's name. */
    String name();

    /** The stored value, or null when there is none. */
    T get();

    /** The stored value, if there is one. */
    default Optional<T> find() {
        return Optional.ofNullable(get());
    }

    /** The stored value, or {@code fallback} when there is none. */
    default T getOrDefault(T fallback) {
        T v = get();
        return v == null ? fallback : v;
    }

    /** Stores {@code value}. */
    void set(T value);

    /** Removes the value. */
    void clear();

    /**
     * Stores {@code update} only if the stored value equals {@code expect} (null: no value);
     * {@code update} null removes it. True if it changed.
     */
    boolean compareAndSet(T expect, T update);

    /**
     * Applies {@code fn} to the current value (null when absent) and stores the result (null
     * removes), atomically in the store; {@code fn} may run more than once under contention.
     * Returns the new value.
     */
    T update(UnaryOperator<T> fn);
}
