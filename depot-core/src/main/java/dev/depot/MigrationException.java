package dev.depot;

/**
 * Moving maps from one store to another failed. The source is left intact and the next
 * {@code open} resumes from the last checkpoint.
 */
public class MigrationException extends DepotException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
