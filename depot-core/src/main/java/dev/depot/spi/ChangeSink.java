package dev.depot.spi;

/**
 * Where a {@link ChangeFeed} delivers what other processes wrote. Implemented by Depot's core
 * (cache invalidation and {@code DbMap.listen}); a store only calls it.
 *
 * <p>Calls come from the feed's own thread(s), never from a writer's thread, and must return
 * quickly: the core only hands the event on. Thread-safe; the feed may call from several threads
 * but calls for one key arrive in the order the store committed them.
 */
public interface ChangeSink {

    /**
     * Another process committed a change of {@code key} in map {@code map} (the name without the
     * prefix). {@code key} is null for {@link ChangeKind#CLEAR}. A feed may report a change more
     * than once (at least once), but never before it is committed and visible to a read.
     */
    void changed(String map, byte[] key, ChangeKind kind);

    /**
     * The feed is listening, for the first time or again after {@link #disconnected}: from now on
     * every committed change is reported. Changes made while it was down may have been missed,
     * so the core flushes the caches of shared maps and tells listeners of a gap.
     */
    void connected();

    /**
     * The feed lost its connection (or fell behind and dropped changes); it keeps trying to
     * reconnect on its own and calls {@link #connected} when it is back. {@code reason} is for a
     * log line and never contains a password.
     */
    void disconnected(String reason);
}
