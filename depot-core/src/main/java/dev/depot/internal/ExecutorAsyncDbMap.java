package dev.depot.internal;

import dev.depot.DbMap;
import dev.depot.DbMapAsync;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link DbMapAsync} over a synchronous map: arguments are checked on the caller's thread, the
 * call itself runs on a virtual thread (or at once, for the memory store, where nothing blocks).
 * {@link StoreAsyncView} overrides the single-key operations with the store's own asynchronous calls.
 */
public class ExecutorAsyncDbMap<K, V> implements DbMapAsync<K, V> {
    private final DbMap<K, V> map;
    private final boolean immediate;

    ExecutorAsyncDbMap(DbMap<K, V> map, boolean immediate) {
        this.map = map;
        this.immediate = immediate;
    }

    /** Used by {@link ObjectDbMap} (the memory store): its operations never block, so they complete on the caller's thread. */
    public static <K, V> DbMapAsync<K, V> immediate(DbMap<K, V> map) {
        return new ExecutorAsyncDbMap<>(map, true);
    }

    <T> CompletableFuture<T> run(Supplier<T> work) {
        if (immediate) {
            try {
                return CompletableFuture.completedFuture(work.get());
            } catch (dev.depot.DepotException e) {
                return CompletableFuture.failedFuture(e); // a store failure; bad arguments throw at once
            }
        }
        return AsyncExecutor.supply(work);
    }

    @Override
    public DbMap<K, V> sync() {
        return map;
    }

    @Override
    public CompletableFuture<V> get(K key) {
        return withKey(key, map::get);
    }

    @Override
    public CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys) {
        Objects.requireNonNull(keys, "keys");
        return run(() -> map.getAll(keys));
    }

    @Override
    public CompletableFuture<Boolean> containsKey(K key) {
        return withKey(key, map::containsKey);
    }

    @Override
    public CompletableFuture<V> put(K key, V value) {
        return withEntry(key, value, map::put);
    }

    @Override
    public CompletableFuture<Void> set(K key, V value) {
        return withEntry(key, value, (k, v) -> {
            map.set(k, v);
            return null;
        });
    }

    @Override
    public CompletableFuture<V> remove(K key) {
        return withKey(key, map::remove);
    }

    @Override
    public CompletableFuture<Boolean> delete(K key) {
        return withKey(key, map::delete);
    }

    @Override
    public CompletableFuture<V> putIfAbsent(K key, V value) {
        return withEntry(key, value, map::putIfAbsent);
    }

    @Override
    public CompletableFuture<Boolean> replace(K key, V expected, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        return run(() -> map.replace(key, expected, value));
    }

    @Override
    public CompletableFuture<V> compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fn, "fn");
        return run(() -> map.compute(key, fn));
    }

    @Override
    public CompletableFuture<V> merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fn, "fn");
        return run(() -> map.merge(key, value, fn));
    }

    @Override
    public CompletableFuture<Void> putAll(Map<? extends K, ? extends V> entries) {
        Objects.requireNonNull(entries, "entries");
        return run(() -> {
            map.putAll(entries);
            return null;
        });
    }

    @Override
    public CompletableFuture<Long> sizeLong() {
        return run(map::sizeLong);
    }

    /** Rejects a null key on the caller's thread, then runs {@code op} on it. */
    private <R> CompletableFuture<R> withKey(K key, Function<K, R> op) {
        Objects.requireNonNull(key, "key");
        return run(() -> op.apply(key));
    }

    /** Rejects a null key or value on the caller's thread, then runs {@code op} on them. */
    private <R> CompletableFuture<R> withEntry(K key, V value, BiFunction<K, V, R> op) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return run(() -> op.apply(key, value));
    }
}
