package dev.depot.spi;

/**
 * A store's change notifications between the processes that share one prefix: the store
 * publishes each committed write of a map opened after {@link Store#changeFeed(String)} and
 * reports the writes of other processes to a {@link ChangeSink}. Depot uses it to invalidate
 * read caches of shared maps per key and to deliver {@code DbMap.listen} events across
 * processes.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Publishing happens with the write itself (in its transaction, its script, or right after
 *       it on the same connection), so a committed write is never left unannounced while the
 *       feed is up; a failed write publishes nothing that is taken for a change.</li>
 *   <li>Each notification carries the origin given to {@link Store#changeFeed(String)}; the feed
 *       does not report notifications of its own origin (the core sees its own writes already).</li>
 *   <li>Delivery to the sink is at least once and in commit order per key, on the feed's own
 *       thread(s). While the feed cannot listen it calls {@link ChangeSink#disconnected} once,
 *       reconnects by itself with backoff, and calls {@link ChangeSink#connected} when back.</li>
 *   <li>Metadata writes (map records, lease) are not published.</li>
 * </ul>
 * Thread-safe. {@link #close()} stops listening and is idempotent; the store closes its feed when
 * it closes.
 */
public interface ChangeFeed extends AutoCloseable {

    /**
     * Starts listening and delivering to {@code sink}; called once. Returns after the first
     * connection attempt: connected (having called {@link ChangeSink#connected}), or not
     * (having called {@link ChangeSink#disconnected}, and retrying in the background).
     */
    void start(ChangeSink sink);

    @Override
    void close();
}
