package dev.depot.spi;

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

    /** Makes buffered state durable (the memory store writes its snapshot). */
    default void flush() {}

    /** Releases connections and files. Idempotent. */
    @Override
    void close();
}
