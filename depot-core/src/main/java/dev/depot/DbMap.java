package dev.depot;

import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * A {@link ConcurrentMap} whose entries live in the store. Reads and writes go to the store;
 * when a write method returns, the entry is stored.
 *
 * <ul>
 *   <li><b>Nulls.</b> Null keys and values are rejected with {@link NullPointerException},
 *       like {@code ConcurrentHashMap}. Queries with a key of another type answer "absent".</li>
 *   <li><b>Atomicity.</b> {@code putIfAbsent}, {@code replace}, {@code remove(k, v)},
 *       {@code compute*} and {@code merge} are atomic in the store, so two processes sharing a
 *       map lose no update. The functions given to {@code compute*} and {@code merge} run
 *       outside any lock and may run more than once under contention: keep them free of side
 *       effects. Conditional operations compare encoded bytes (so {@code byte[]} values compare
 *       by content).</li>
 *   <li><b>Values are snapshots.</b> Changing an object after {@code put} changes nothing
 *       stored until it is put again. The memory store may keep the object itself, so treat
 *       stored values as immutable, as keys already must be.</li>
 *   <li><b>Iteration.</b> Views, iterators and {@link #stream()} read the store page by page
 *       and never load the whole map. They are weakly consistent like
 *       {@code ConcurrentHashMap}'s and never throw {@code ConcurrentModificationException};
 *       their order is the store's, not insertion order. {@code Iterator.remove} and
 *       {@code Entry.setValue} write through.</li>
 *   <li><b>Limits.</b> Encoded keys longer than {@link DepotConfig#MAX_KEY_BYTES} or values
 *       longer than {@link DepotConfig#maxValueBytes()} are rejected with
 *       {@link IllegalArgumentException} before anything is written; {@code putAll} checks
 *       every entry before writing any.</li>
 *   <li><b>Failures.</b> {@link StoreUnavailableException} when the store cannot be reached;
 *       {@link UndecodableDataException} when stored bytes do not decode.</li>
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface DbMap<K, V> extends ConcurrentMap<K, V> {

    /** The map's name, without the prefix. */
    String name();

    Codec<K> keyCodec();

    Codec<V> valueCodec();

    /** The number of entries, without the {@code int} cap of {@link #size()}. */
    long sizeLong();

    /** The number of entries, or {@link Integer#MAX_VALUE} when there are more. */
    @Override
    int size();

    /** Stores the entry like {@link #put} but does not read the previous value: one write, no read. */
    void set(K key, V value);

    /** Removes the key like {@link #remove(Object)} without decoding the previous value; true if it was present. */
    boolean delete(K key);

    /**
     * The present entries among {@code keys}, read in bulk: one round trip (or one pipeline) per
     * page of keys where the store allows, instead of one per key. Keys of another type and
     * absent keys are left out. The result is a new, modifiable map.
     */
    Map<K, V> getAll(java.util.Collection<? extends K> keys);

    /**
     * Calls {@code listener} for every change of this map: this process's writes once the store
     * took them ({@link MapEvent#local()} true; with write-behind, when the write is buffered),
     * and, with {@link DepotConfig#sharedAccess()} on a store with a change feed, the writes of
     * every other process sharing the store. The memory store has no feed: only this process's
     * writes. See {@link MapListener} for threads, order, gaps and exceptions. A write made
     * through {@code keySet()} or {@code values()} of a memory-store map is not reported.
     *
     * @return the subscription; close it to stop delivery
     * @throws NullPointerException when {@code listener} is null
     */
    MapSubscription listen(MapListener<K, V> listener);

    /** The asynchronous view of this map. */
    DbMapAsync<K, V> async();

    /**
     * The entries, read page by page. Close the stream when done with it early (try-with-resources);
     * pages are separate queries, so an unclosed stream holds no connection.
     */
    Stream<Map.Entry<K, V>> stream();
}
