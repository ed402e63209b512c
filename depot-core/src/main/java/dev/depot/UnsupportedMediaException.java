package dev.depot;

/**
 * The upload's bytes are not of an accepted type (whatever its file name says), or of a type
 * this version does not process yet. The message names the detected type. Nothing is stored.
 */
public class UnsupportedMediaException extends MediaRejectedException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMediaException(String message) {
        super(message);
    }
}
