package dev.depot.spi;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * One opened store (a database, a Redis deployment, memory) for one prefix. Created by a
 * {@link StoreProvider}; owned and closed by the {@code Depot} that opened it.
 *
 * <p>Thread-safe. Failures to reach the store throw {@link dev.depot.StoreUnavailableException}.
 */
public interface Store extends AutoCloseable {

    /** The store's URL with any password masked, for messages and {@code depot info}. */
    String description();

    /**
     * Opens the map, creating its table or key space when missing. Idempotent: opening an
     * existing map again returns a view of the same data.
     */
    RawMap open(RawMapSpec spec);

    /**
     * The live table of one map's Java objects, for a store that keeps objects in this JVM
     * rather than bytes (the memory store); empty, the default, for a store of bytes, whose maps
     * Depot serves over {@link #open(RawMapSpec)}.
     *
     * <p>Depot reads and writes the returned map directly: a read costs a {@code ConcurrentMap}
     * read, values are kept by reference, and {@code compute*}/{@code merge} run their function
     * once under the table's own atomicity, so the table must implement those atomically (as
     * {@code ConcurrentHashMap} does). Depot puts only keys and values that passed the codec's
     * checks. Keys of an array type must compare by content. The store decodes whatever it holds
     * for the map with {@code codec} once, here, and encodes the table with it when it saves; it
     * returns the same table when asked again. Depot calls this each time it opens a map with its
     * codecs, after checking them against the map's record; {@link #open(RawMapSpec)} stays the
     * way in for migration and for maps not opened with codecs.
     */
    default <K, V> Optional<ConcurrentMap<K, V>> openObjects(RawMapSpec spec, ObjectCodec<K, V> codec) {
        return Optional.empty();
    }

    /**
     * Whether the store itself keeps a second Depot off this prefix (the memory store locks its
     * folder, or keeps nothing another process could reach), so Depot takes no lease in the
     * metadata map. False, the default, for a store several processes can reach.
     */
    default boolean locksPrefixItself() {
        return false;
    }

    /**
     * This prefix's metadata map (text keys, binary values): map records, codec ids and later
     * the lease and migration checkpoints. Created when missing.
     */
    RawMap metadata();

    /** Removes the map's table or key space and everything in it. Missing maps are ignored. */
    void drop(String name);

    /**
     * How many bulk writes ({@code putAll} batches) may usefully run at once, each on its own
     * connection, for example when write-behind flushes a large buffer. 1 (the default) for a
     * store with a single writer, such as an SQLite file.
     */
    default int bulkWriteConcurrency() {
        return 1;
    }

    /**
     * Whether the data outlives this process: false only for a store that keeps nothing after
     * close ({@code memory:} without a folder). Depot refuses to migrate maps into such a store
     * unless allowed, since they would be gone at the next start.
     */
    default boolean keepsData() {
        return true;
    }

    /**
     * Turns on change notifications for this store: from this call on, every map this store
     * opens publishes its committed writes tagged with {@code origin} (a random id of the calling
     * Depot), and the returned feed reports those of other origins. Empty, the default, for a
     * store with no channel between processes (the memory store, whose maps only this process
     * sees). Called at most once, before any map is opened, and only for a Depot opened with
     * {@code sharedAccess}; a store that supports it must keep its writes unannounced (and as
     * cheap as before) when it is never called.
     */
    default java.util.Optional<ChangeFeed> changeFeed(String origin) {
        return java.util.Optional.empty();
    }

    /** Makes buffered state durable (the memory store writes its snapshot). */
    default void flush() {}

    /** Releases connections and files. Idempotent. */
    @Override
    void close();
}
