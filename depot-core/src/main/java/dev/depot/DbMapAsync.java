package dev.depot;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The asynchronous view of a {@link DbMap}, from {@link DbMap#async()}: the same operations with
 * the same semantics, returning {@link CompletableFuture}s. Stores with an asynchronous client
 * (Redis, through Lettuce) issue the commands without blocking a thread; the others run the
 * operation on a virtual thread. Null arguments throw {@link NullPointerException} at once; an
 * oversized key or value throws {@link IllegalArgumentException} at once from {@code get},
 * {@code set}, {@code put} and {@code delete}, and completes the future exceptionally with it
 * from the other operations. Store failures complete the future exceptionally with the same
 * exceptions the synchronous methods throw ({@link StoreUnavailableException}...). Thread-safe.
 */
public interface DbMapAsync<K, V> {

    /** The synchronous map this is a view of. */
    DbMap<K, V> sync();

    CompletableFuture<V> get(K key);

    /** The present entries among {@code keys}, read in bulk (one round trip where the store allows). */
    CompletableFuture<Map<K, V>> getAll(Collection<? extends K> keys);

    CompletableFuture<Boolean> containsKey(K key);

    /** Stores the entry; completes with the previous value or null. */
    CompletableFuture<V> put(K key, V value);

    /** Stores the entry without reading the previous value. */
    CompletableFuture<Void> set(K key, V value);

    CompletableFuture<V> remove(K key);

    CompletableFuture<Boolean> delete(K key);

    CompletableFuture<V> putIfAbsent(K key, V value);

    CompletableFuture<Boolean> replace(K key, V expected, V value);

    CompletableFuture<V> compute(K key, BiFunction<? super K, ? super V, ? extends V> fn);

    CompletableFuture<V> merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn);

    CompletableFuture<Void> putAll(Map<? extends K, ? extends V> entries);

    CompletableFuture<Long> sizeLong();
}
