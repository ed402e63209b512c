package dev.depot;

/**
 * An upload was refused because of what it is: empty, truncated, corrupt, of a type Depot does
 * not take ({@link UnsupportedMediaException}) or over a limit ({@link MediaTooLargeException}).
 * Nothing of it is stored. The message says why; retrying the same bytes fails the same way.
 */
public class MediaRejectedException extends DepotException {
    private static final long serialVersionUID = 1L;

    public MediaRejectedException(String message) {
        super(message);
    }

    public MediaRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
