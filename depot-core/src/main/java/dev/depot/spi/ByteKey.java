package dev.depot.spi;

import java.util.Arrays;

/**
 * A byte array as a hash or sorted map key: equal when the bytes are equal, ordered as unsigned
 * bytes (the order of SQL binary columns and of {@link RawMap#scan} pages). For stores that
 * match keys they read back to keys they were asked for.
 *
 * <p>The array is not copied: the caller must not change it while the key is in use. Immutable
 * otherwise, and so thread-safe. {@code bytes} must not be null.
 */
public record ByteKey(byte[] bytes) implements Comparable<ByteKey> {
    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ByteKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return "ByteKey[" + bytes.length + " bytes]";
    }
}
