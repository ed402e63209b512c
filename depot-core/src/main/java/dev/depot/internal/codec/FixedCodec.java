package dev.depot.internal.codec;

import dev.depot.StorageType;
import java.nio.ByteBuffer;

/**
 * A built-in codec whose id, Java type and storage type are fixed when it is made; subclasses
 * give only {@code encode} and {@code decode}. Thread-safe as long as those are (they keep no state).
 */
abstract class FixedCodec<T> implements BuiltinCodec<T> {
    private final String id;
    private final Class<T> type;
    private final StorageType storage;

    FixedCodec(String id, Class<T> type, StorageType storage) {
        this.id = id;
        this.type = type;
        this.storage = storage;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Class<T> type() {
        return type;
    }

    @Override
    public final StorageType storageType() {
        return storage;
    }

    /**
     * A fixed-width encoding to read: {@code bytes} wrapped, or an {@code IllegalArgumentException}
     * when they are not {@code length} long (stored bytes written by something else may not be).
     */
    static ByteBuffer exactly(byte[] bytes, int length) {
        if (bytes.length != length) {
            throw new IllegalArgumentException("expected " + length + " bytes, found " + bytes.length);
        }
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public String toString() {
        return "Codec[" + id + "]";
    }
}
