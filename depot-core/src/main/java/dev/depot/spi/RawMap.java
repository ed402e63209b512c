package dev.depot.spi;

import java.util.List;

/**
 * One map of a store, as bytes. This is what a backend implements; Depot's core adds codecs,
 * validation, null checks and the {@code ConcurrentMap} contract on top.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Thread-safe. Every method is atomic in the store itself, not only in this JVM: two
 *       processes using the same map must not lose updates. The conditional methods compare
 *       the stored bytes with the expected bytes exactly.</li>
 *   <li>Arguments are never null, already within the size limits, and laid out as the
 *       {@link RawMapSpec} says. Returned arrays belong to the caller.</li>
 *   <li>Failures to reach the store throw {@link dev.depot.StoreUnavailableException};
 *       other failures throw {@link dev.depot.DepotException}. Messages never contain
 *       passwords.</li>
 * </ul>
 */
public interface RawMap {

    /** The stored value, or null when the key is absent. */
    byte[] get(byte[] key);

    boolean containsKey(byte[] key);

    /**
     * The stored value read where writes go, or null when absent: the read of a
     * read-modify-write ({@code compute*}, {@code merge}, {@code replaceAll}), which must see
     * every write acknowledged before it. A store that may serve {@link #get} from a replica
     * overrides this to read the primary; the default is {@link #get}.
     */
    default byte[] getForUpdate(byte[] key) {
        return get(key);
    }

    /** Stores the value and returns the previous one, or null. */
    byte[] put(byte[] key, byte[] value);

    /** Stores the value without reading the previous one. */
    void set(byte[] key, byte[] value);

    /** Stores the value only if the key is absent; returns the present value, or null if stored. */
    byte[] putIfAbsent(byte[] key, byte[] value);

    /** Replaces the value only if the key is present; returns the previous value, or null. */
    byte[] replace(byte[] key, byte[] value);

    /** Replaces the value only if the stored bytes equal {@code expected}. */
    boolean replace(byte[] key, byte[] expected, byte[] value);

    /** Removes the key and returns the previous value, or null. */
    byte[] remove(byte[] key);

    /** Removes the key; true if it was present. */
    boolean delete(byte[] key);

    /** Removes the key only if the stored bytes equal {@code expected}. */
    boolean remove(byte[] key, byte[] expected);

    /** Number of entries. */
    long size();

    /** Removes every entry, without a row-by-row delete where the store allows. */
    void clear();

    /**
     * Stores every entry, overwriting present keys. The caller hands over batches of a
     * reasonable size (the configured page size); each batch is written as a unit where the
     * store has transactions.
     */
    void putAll(List<RawEntry> entries);

    /**
     * The values of {@code keys}, in the same order, null where absent. Stores override this to
     * read in one round trip or pipeline; the default reads key by key.
     */
    default List<byte[]> getAll(List<byte[]> keys) {
        List<byte[]> values = new java.util.ArrayList<>(keys.size());
        for (byte[] k : keys) {
            values.add(get(k));
        }
        return values;
    }

    /**
     * Asynchronous {@link #get}. Stores with an asynchronous client override this and the other
     * {@code *Async} methods so that no thread waits; the default runs the call on a virtual thread.
     */
    default java.util.concurrent.CompletableFuture<byte[]> getAsync(byte[] key) {
        return dev.depot.internal.AsyncExecutor.supply(() -> get(key));
    }

    /** Asynchronous {@link #set}. */
    default java.util.concurrent.CompletableFuture<Void> setAsync(byte[] key, byte[] value) {
        return dev.depot.internal.AsyncExecutor.supply(() -> {
            set(key, value);
            return null;
        });
    }

    /** Asynchronous {@link #put}. */
    default java.util.concurrent.CompletableFuture<byte[]> putAsync(byte[] key, byte[] value) {
        return dev.depot.internal.AsyncExecutor.supply(() -> put(key, value));
    }

    /** Asynchronous {@link #delete}. */
    default java.util.concurrent.CompletableFuture<Boolean> deleteAsync(byte[] key) {
        return dev.depot.internal.AsyncExecutor.supply(() -> delete(key));
    }

    /**
     * A page of at most {@code limit} entries after {@code cursor} ({@code null} to start). The
     * cursor is opaque to callers. Iteration is weakly consistent, like
     * {@code ConcurrentHashMap}'s: entries present for the whole scan are returned exactly
     * once, others may or may not be.
     */
    RawPage scan(byte[] cursor, int limit);
}
