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
     * flush their key and then run against the store, so they stay atomic.
     */
    WRITE_BEHIND
}
