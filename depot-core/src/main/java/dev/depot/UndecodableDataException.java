package dev.depot;

/**
 * Bytes in the store cannot be decoded by the map's codec: they were written by something
 * else, or the codec changed its format without changing its id. The message names the map
 * and the key. The stored data is left as it is.
 */
public class UndecodableDataException extends DepotException {
    private static final long serialVersionUID = 1L;

    public UndecodableDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
