package dev.depot;

/** When a write reaches the store. */
public enum WriteMode {
    /** When a write method returns, the entry is in the store. The default. */
    WRITE_THROUGH,
    /**
     * Writes return at once and are flushed in batches every flush interval, on
     * {@link Depot#flush()} and on {@link Depot#close()}. Reads in this process see their own
     * writes at once; other processes see them after the flush. While the store is down, dirty
     * entries are kept and retried, never dropped; past the dirty-entry bound, writers wait.
     * Conditional operations ({@code putIfAbsent}, {@code compute*}, {@code merge}...) first
     * flush their key and then run against the store, so they stay atomic. Writes not yet
     * flushed are lost when the process is killed.
     */
    WRITE_BEHIND,
    /**
     * {@link #WRITE_BEHIND} that survives a crash: each write is also appended to a journal in the
     * session folder and returns once the journal has it on disk (concurrent writers share one
     * fsync). After a kill, the next open reads the journal back, so no acknowledged write is
     * lost. Needs a session folder that outlives the process ({@code sessionDir}); a Depot without
     * one (an ephemeral container) refuses to open such a map. One process at a time per journal.
     * The memory store keeps its own snapshot and ignores it, as it does write-behind.
     */
    WRITE_BEHIND_JOURNALED
}
