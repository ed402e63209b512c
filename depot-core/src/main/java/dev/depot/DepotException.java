package dev.depot;

/**
 * Root of every exception Depot throws on its own account. Unchecked, like jOOQ's
 * {@code DataAccessException}: callers catch the subclass they can act on.
 *
 * <p>Messages name the map and the store (with any password masked) and, where there is
 * one, the fix. They never contain credentials.
 */
public class DepotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DepotException(String message) {
        super(message);
    }

    public DepotException(String message, Throwable cause) {
        super(message, cause);
    }
}
