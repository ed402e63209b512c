package dev.depot;

import java.util.Locale;

/**
 * A stored variant of an upload. Each style is a pixel budget: an image over it is scaled down
 * to fit, keeping its aspect ratio; an image within it keeps its size.
 */
public enum Style {
    /** The upload itself, at most 8,294,400 pixels (3840 × 2160). */
    ORIGINAL(8_294_400),
    /** The preview, at most 230,400 pixels (640 × 360). */
    SMALL(230_400);

    private final long pixelBudget;

    Style(long pixelBudget) {
        this.pixelBudget = pixelBudget;
    }

    /** Most pixels (width × height) of this style. */
    public long pixelBudget() {
        return pixelBudget;
    }

    /** The name in object keys: {@code original}, {@code small}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
