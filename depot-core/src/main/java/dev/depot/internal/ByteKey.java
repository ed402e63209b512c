package dev.depot.internal;

import java.util.Arrays;

/** A byte array as a map key, ordered as unsigned bytes (the order of SQL binary columns). */
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
