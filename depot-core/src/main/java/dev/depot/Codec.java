package dev.depot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.internal.codec.BuiltinCodecs;
import dev.depot.internal.codec.JsonCodec;
import java.util.Objects;

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
     * class is a codec change: give a name with {@link #json(String, Class)} to avoid that. Java
     * time types are supported.
     *
     * @throws NullPointerException if {@code type} is null
     */
    static <T> Codec<T> json(Class<T> type) {
        return new JsonCodec<>(type);
    }

    /**
     * JSON for a generic type, such as {@code Codec.json(new TypeReference<List<Peer>>() {})}.
     * The id is {@code json:} plus the type with its arguments
     * ({@code json:java.util.List<com.example.Peer>}); for a plain class it equals
     * {@link #json(Class)}'s.
     *
     * @throws NullPointerException if {@code type} is null
     */
    static <T> Codec<T> json(TypeReference<T> type) {
        return JsonCodec.of(null, type, null);
    }

    /**
     * JSON under a name of the application's choosing: the id is {@code json:<name>}, so the
     * class can be renamed or moved and its maps still open. Names start with a letter, then
     * letters, digits, {@code . _ - $}, at most 200 characters. An existing map moves to the
     * new id with {@code depot maps --rename-codec}.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid codec name
     * @throws NullPointerException     if an argument is null
     */
    static <T> Codec<T> json(String name, Class<T> type) {
        return JsonCodec.of(Objects.requireNonNull(name, "name"), type, null);
    }

    /** Like {@link #json(String, Class)}, for a generic type. */
    static <T> Codec<T> json(String name, TypeReference<T> type) {
        return JsonCodec.of(Objects.requireNonNull(name, "name"), type, null);
    }

    /**
     * JSON through the application's own {@code mapper} (its modules, naming strategy, ...).
     * The id is the same as {@link #json(Class)}'s: <b>the id says the type, not the mapper</b>,
     * so a map written with Depot's mapper opens with this one and the other way round. Whether
     * the two write and read the same JSON is the application's responsibility; when a mapper
     * changes the bytes (another naming strategy, say), use {@link #json(String, Class, ObjectMapper)}
     * with a new name, so that old maps are refused rather than misread. Map entries are always
     * written sorted by key (compare-and-set compares bytes); for the rest the mapper must be
     * deterministic (equal values, equal bytes). The mapper must write JSON (not Smile or CBOR)
     * and must not be reconfigured afterwards.
     *
     * @throws IllegalArgumentException if the mapper does not write JSON
     * @throws NullPointerException     if an argument is null
     */
    static <T> Codec<T> json(Class<T> type, ObjectMapper mapper) {
        return JsonCodec.of(null, type, Objects.requireNonNull(mapper, "mapper"));
    }

    /** Like {@link #json(Class, ObjectMapper)}, for a generic type. */
    static <T> Codec<T> json(TypeReference<T> type, ObjectMapper mapper) {
        return JsonCodec.of(null, type, Objects.requireNonNull(mapper, "mapper"));
    }

    /** Like {@link #json(Class, ObjectMapper)}, with the id {@code json:<name>} as in {@link #json(String, Class)}. */
    static <T> Codec<T> json(String name, Class<T> type, ObjectMapper mapper) {
        return JsonCodec.of(Objects.requireNonNull(name, "name"), type, Objects.requireNonNull(mapper, "mapper"));
    }

    /** Like {@link #json(String, Class, ObjectMapper)}, for a generic type. */
    static <T> Codec<T> json(String name, TypeReference<T> type, ObjectMapper mapper) {
        return JsonCodec.of(Objects.requireNonNull(name, "name"), type, Objects.requireNonNull(mapper, "mapper"));
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
