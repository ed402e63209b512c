package dev.depot;

/** There is no object with the key. */
public class BlobNotFoundException extends DepotException {
    private static final long serialVersionUID = 1L;

    public BlobNotFoundException(String message) {
        super(message, null);
    }
}
