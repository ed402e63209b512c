package dev.depot;

import java.util.Objects;

/**
 * What the uploader says about an upload: its description (alt text) and focus point.
 * Immutable; each {@code with} method returns a changed copy.
 *
 * <pre>{@code UploadOptions.description("a cat on a mat").withFocus(new MediaAttachment.Focus(0.0, 0.5))}</pre>
 *
 * @param description alt text, at most {@value #MAX_DESCRIPTION} characters, or null
 * @param focus       the point previews keep in view; never null ({@code (0, 0)} is the centre)
 */
public record UploadOptions(String description, MediaAttachment.Focus focus) {
    /** Longest description, in characters (code points), as Mastodon. */
    public static final int MAX_DESCRIPTION = 1_500;

    public UploadOptions {
        Objects.requireNonNull(focus, "focus");
        if (description != null && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is longer than " + MAX_DESCRIPTION + " characters ("
                    + description.codePointCount(0, description.length()) + ")");
        }
    }

    /** No description, focus in the centre. */
    public static UploadOptions defaults() {
        return new UploadOptions(null, MediaAttachment.Focus.CENTRE);
    }

    /** This description, focus in the centre. */
    public static UploadOptions description(String description) {
        return new UploadOptions(Objects.requireNonNull(description, "description"), MediaAttachment.Focus.CENTRE);
    }

    /**
     * This with {@code text} as description (null for none).
     *
     * @throws IllegalArgumentException when it is longer than {@value #MAX_DESCRIPTION} characters
     */
    public UploadOptions withDescription(String text) {
        return new UploadOptions(text, focus);
    }

    /** This with {@code point} as focus point; null throws {@link NullPointerException}. */
    public UploadOptions withFocus(MediaAttachment.Focus point) {
        return new UploadOptions(description, point);
    }
}
