package dev.depot.internal;

import dev.depot.DbMap;
import dev.depot.DbValue;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** A {@link DbValue} kept as the single entry {@code "value"} of its own map. */
final class DbValueImpl<T> implements DbValue<T> {
    static final String KEY = "value";
    private final DbMap<String, T> map;

    DbValueImpl(DbMap<String, T> map) {
        this.map = map;
    }

    @Override
    public String name() {
        return map.name();
    }

    @Override
    public T get() {
        return map.get(KEY);
    }

    @Override
    public void set(T value) {
        map.set(KEY, Objects.requireNonNull(value, "value"));
    }

    @Override
    public void clear() {
        map.delete(KEY);
    }

    @Override
    public boolean compareAndSet(T expect, T update) {
        if (expect == null) {
            return update == null ? !map.containsKey(KEY) : map.putIfAbsent(KEY, update) == null;
        }
        return update == null ? map.remove(KEY, expect) : map.replace(KEY, expect, update);
    }

    @Override
    public T update(UnaryOperator<T> fn) {
        Objects.requireNonNull(fn, "fn");
        return map.compute(KEY, (k, old) -> fn.apply(old));
    }

    @Override
    public String toString() {
        return "DbValue[" + name() + "]";
    }
}
