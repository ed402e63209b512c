package dev.depot;

/**
 * A map was opened with codecs other than the ones it was created with. Nothing was read or
 * written: reading the stored bytes with the wrong codec would return garbage.
 */
public class CodecMismatchException extends DepotException {
    private static final long serialVersionUID = 1L;

    public CodecMismatchException(String message) {
        super(message);
    }
}
