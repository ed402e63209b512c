package dev.depot.bench;

import java.util.Map;

/**
 * One thing a workload runs against: Depot on some store, or a peer. A JMH fork uses one implementation,
 * or a few in turn ({@link Rotation}); either way the call costs the same for all of them.
 * Implementations are thread-safe where the library they wrap is.
 */
public interface KvTarget extends AutoCloseable {
    byte[] get(Long key);

    /** Writes without reading the previous value (Depot's {@code set}, an upsert, {@code HSET}). */
    void set(Long key, byte[] value);

    /**
     * Writes and returns the previous value where the library offers it (Depot's {@code put});
     * by default a {@link #set}, returning null: what a raw peer writes in one upsert.
     */
    default byte[] put(Long key, byte[] value) {
        set(key, value);
        return null;
    }

    /**
     * Empties the target's map before a shot of {@code BulkBenchmark.putAllFresh}, outside the
     * measurement, so every bulk write lands in an empty table as a load into a fresh table does.
     */
    default void clearForBulk() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not a fresh-bulk target");
    }

    /** Writes a batch the fastest way the library offers. */
    void putAll(Map<Long, byte[]> entries);

    /** Reads every entry once; returns a checksum so the reads cannot be optimized away. */
    long iterate();

    long size();

    @Override
    void close();
}
