package dev.depot;

/**
 * Opened with {@link DepotConfig#createIfMissing()} false, the store holds nothing to open: no
 * SQLite file, no memory snapshot, no database, or no Depot data for the prefix. Nothing was
 * created.
 */
public class NoSuchStoreException extends DepotException {
    private static final long serialVersionUID = 1L;

    public NoSuchStoreException(String message) {
        super(message);
    }
}
