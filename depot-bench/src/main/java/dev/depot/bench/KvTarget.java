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

    /** Writes a batch the fastest way the library offers. */
    void putAll(Map<Long, byte[]> entries);

    /** Reads every entry once; returns a checksum so the reads cannot be optimized away. */
    long iterate();

    long size();

    @Override
    void close();
}
