package dev.depot;

/**
 * Bytes {@code first} to {@code last} (inclusive) of an object, as in an HTTP {@code Range}
 * header; {@code last} is -1 for "to the end".
 */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || (last != -1 && last < first)) {
            throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
        }
    }

    /** From {@code first} to the end. */
    public static ByteRange from(long first) {
        return new ByteRange(first, -1);
    }

    /** {@code first} to {@code last}, inclusive. */
    public static ByteRange of(long first, long last) {
        return new ByteRange(first, last);
    }
}
