package dev.depot;

import dev.depot.internal.codec.BuiltinCodecs;
import dev.depot.internal.codec.JsonCodec;

/**
 * Turns values of one type into bytes and back. Built-ins cover {@code Long}, {@code Integer},
 * {@code String}, {@code byte[]}, {@code UUID}, {@code Instant} and JSON (Jackson) for records
 * and POJOs; applications add their own by implementing this interface.
 *
 * <p>Every codec has a stable {@link #id()}. A map records the ids it was created with, and
 * reopening it with other codecs throws {@link CodecMismatchException}: change the id whenever
 * the byte format changes. Java serialization is deliberately absent: it runs attacker-chosen
 * classes.
 *
 * <p>Implementations must be thread-safe and deterministic: equal values must encode to equal
 * bytes, because conditional operations ({@code replace(k, old, new)}, {@code remove(k, v)})
 * compare encoded bytes in the store. {@link #decode} must throw (any
 * {@link RuntimeException}) on bytes it cannot read; Depot reports that as
 * {@link UndecodableDataException} naming the map and the key. Codecs never see {@code null}.
 *
 * @param <T> the type of the values
 */
public interface Codec<T> {

    /** {@code Long} as 8 big-endian bytes; keys get a {@code BIGINT} column. Id {@code long}. */
    Codec<Long> LONG = BuiltinCodecs.LONG;
    /** {@code Integer}, stored like a {@code long}; keys get a {@code BIGINT} column. Id {@code int}. */
    Codec<Integer> INT = BuiltinCodecs.INT;
    /** {@code String} as strict UTF-8, any code point including NUL. Id {@code string}. */
    Codec<String> STRING = BuiltinCodecs.STRING;
    /** {@code byte[]} as is. Arrays are compared by content, not identity. Id {@code bytes}. */
    Codec<byte[]> BYTES = BuiltinCodecs.BYTES;
    /** {@code UUID} as 16 bytes. Id {@code uuid}. */
    Codec<java.util.UUID> UUID = BuiltinCodecs.UUID;
    /** {@code Instant} to the nanosecond, 12 bytes that sort in time order. Id {@code instant}. */
    Codec<java.time.Instant> INSTANT = BuiltinCodecs.INSTANT;

    /**
     * JSON through Jackson for a record or POJO class; values go to a JSON column where the
     * store has one. The id is {@code json:} plus the class's binary name, so renaming the
     * class is a codec change. Java time types are supported.
     *
     * @throws NullPointerException if {@code type} is null
     */
    static <T> Codec<T> json(Class<T> type) {
        return new JsonCodec<>(type);
    }

    /**
     * The built-in codec with this id, or a JSON codec that reads any document (as Jackson's
     * {@code JsonNode}) for a {@code json:...} id. Meant for tools such as the CLI that open
     * maps created by other programs.
     *
     * @throws IllegalArgumentException if the id is not a built-in one
     */
    static Codec<?> forId(String id) {
        return BuiltinCodecs.forId(id);
    }

    /** Stable identifier of the byte format, recorded with every map. Never null. */
    String id();

    /** The Java type this codec reads and writes; used to answer {@code get(wrongType)} with null. */
    Class<T> type();

    /** The bytes of {@code value}, which is never null. Must not return null. */
    byte[] encode(T value);

    /** The value of {@code bytes}; throws a {@link RuntimeException} when they are not valid. */
    T decode(byte[] bytes);

    /** How the bytes are laid out; {@link StorageType#BINARY} unless the codec says otherwise. */
    default StorageType storageType() {
        return StorageType.BINARY;
    }
}
