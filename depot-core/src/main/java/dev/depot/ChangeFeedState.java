package dev.depot;

/**
 * The state of a Depot's change feed, the channel through which other processes' writes reach
 * this process's caches and listeners ({@link Depot#changeFeedState()}); meant for a health check
 * or a metric gauge.
 */
public enum ChangeFeedState {
    /**
     * No feed: the Depot is not opened with {@link DepotConfig#sharedAccess()}, or its store has no
     * channel between processes (the memory store). Caches expire after {@code cacheTtl}.
     */
    NONE,
    /** The feed is listening: caches of shared maps are invalidated per key as others write. */
    CONNECTED,
    /**
     * The feed lost its connection and is reconnecting: caches of shared maps keep values at most
     * {@link DepotConfig#invalidationFallbackTtl()}, and are flushed when it is back.
     */
    DISCONNECTED
}
