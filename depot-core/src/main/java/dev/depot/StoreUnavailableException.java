package dev.depot;

/**
 * The store could not be reached or the connection was lost during the operation.
 * Retryable: the same {@link Depot} works again once the store is back; no restart is needed.
 * When this is thrown by a write, the write may or may not have been applied.
 */
public class StoreUnavailableException extends DepotException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
