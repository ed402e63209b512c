package dev.depot;

/**
 * The upload is over one of the {@link MediaLimits}: bytes, pixels (read from its header,
 * before any decoding, so a decompression bomb is refused cheaply), frame rate or frames. The
 * message names the limit and the value. Nothing is stored.
 */
public class MediaTooLargeException extends MediaRejectedException {
    private static final long serialVersionUID = 1L;

    public MediaTooLargeException(String message) {
        super(message);
    }
}
