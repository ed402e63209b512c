package dev.depot;

/**
 * An upload that would be processed in the background was refused because every worker is busy
 * and the queue ({@link MediaLimits#queueSize()}) is full. Nothing of it is stored. Retryable:
 * the same upload succeeds once the queue has room (a server answers 503 with Retry-After).
 * Depot refuses rather than makes the caller wait, so a web server's request threads are never
 * held for minutes behind transcodes.
 */
public class MediaBusyException extends DepotException {
    private static final long serialVersionUID = 1L;

    public MediaBusyException(String message) {
        super(message);
    }
}
