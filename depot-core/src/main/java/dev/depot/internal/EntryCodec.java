package dev.depot.internal;

import dev.depot.Codec;
import dev.depot.DepotConfig;
import dev.depot.StorageType;
import dev.depot.UndecodableDataException;
import dev.depot.internal.codec.BuiltinCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A map's two codecs plus the checks every store shares: nulls, the key and value size limits,
 * the byte layout a codec promises, and decoding errors turned into
 * {@link UndecodableDataException} naming the map and the key. Immutable and thread-safe.
 */
public final class EntryCodec<K, V> implements dev.depot.spi.ObjectCodec<K, V> {
    private final String mapName;
    private final String storeDescription;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final int maxValueBytes;

    public EntryCodec(String mapName, String storeDescription, Codec<K> keyCodec, Codec<V> valueCodec, int maxValueBytes) {
        this.mapName = mapName;
        this.storeDescription = storeDescription;
        this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
        this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
        this.maxValueBytes = maxValueBytes;
    }

    public String mapName() {
        return mapName;
    }

    public Codec<K> keyCodec() {
        return keyCodec;
    }

    public Codec<V> valueCodec() {
        return valueCodec;
    }

    /** The key as {@code K}, or null when it is of another type (a query then answers "absent"). */
    public K keyOrNull(Object key) {
        Objects.requireNonNull(key, "key");
        return keyCodec.type().isInstance(key) ? keyCodec.type().cast(key) : null;
    }

    /** The value as {@code V}, or null when it is of another type. */
    public V valueOrNull(Object value) {
        Objects.requireNonNull(value, "value");
        return valueCodec.type().isInstance(value) ? valueCodec.type().cast(value) : null;
    }

    /** Encodes a key for a write; too long or malformed: {@link IllegalArgumentException}. */
    public byte[] encodeKey(K key) {
        Objects.requireNonNull(key, "key");
        byte[] bytes = encodeKeyUnchecked(key);
        if (bytes.length > DepotConfig.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key of map '" + mapName + "' is " + bytes.length
                    + " bytes encoded; keys may have at most " + DepotConfig.MAX_KEY_BYTES + " bytes");
        }
        return bytes;
    }

    /** Encodes a key for a read: null when it is too long to be stored, so the read answers "absent". */
    public byte[] encodeKeyForRead(K key) {
        byte[] bytes = encodeKeyUnchecked(key);
        return bytes.length > DepotConfig.MAX_KEY_BYTES ? null : bytes;
    }

    private byte[] encodeKeyUnchecked(K key) {
        byte[] bytes = keyCodec.encode(key);
        checkLayout(keyCodec, bytes, "key");
        return bytes;
    }

    /** Encodes a value for a write; too large or malformed: {@link IllegalArgumentException}. */
    public byte[] encodeValue(V value) {
        Objects.requireNonNull(value, "value");
        byte[] bytes = valueCodec.encode(value);
        checkLayout(valueCodec, bytes, "value");
        if (bytes.length > maxValueBytes) {
            throw new IllegalArgumentException("value for map '" + mapName + "' is " + bytes.length
                    + " bytes encoded, over the limit of " + maxValueBytes + " bytes (DepotConfig.maxValueBytes)");
        }
        return bytes;
    }

    public K decodeKey(byte[] bytes) {
        return decode(keyCodec, bytes, null);
    }

    public V decodeValue(byte[] keyBytes, byte[] bytes) {
        return decode(valueCodec, bytes, keyBytes);
    }

    /**
     * Stored bytes through {@code codec}; bytes it cannot decode are an {@link UndecodableDataException}.
     *
     * @param keyBytes the key a value is stored under, null when {@code bytes} is a key (the message
     *     is only built on failure, so decoding allocates nothing extra)
     */
    private <T> T decode(Codec<T> codec, byte[] bytes, byte[] keyBytes) {
        try {
            return Objects.requireNonNull(codec.decode(bytes), "codec returned null");
        } catch (RuntimeException e) {
            String what = keyBytes == null ? "a key " + hex(bytes) : "a value under key " + describeKey(keyBytes);
            throw new UndecodableDataException("map '" + mapName + "' in " + storeDescription + " holds " + what
                    + " that codec '" + codec.id() + "' cannot decode: " + e.getMessage()
                    + "; the stored data was left as it is", e);
        }
    }

    /** The key as the user knows it when it decodes, else its bytes in hex. */
    public String describeKey(byte[] keyBytes) {
        try {
            return "'" + keyCodec.decode(keyBytes) + "'";
        } catch (RuntimeException e) {
            return hex(keyBytes);
        }
    }

    private void checkLayout(Codec<?> codec, byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException("codec '" + codec.id() + "' returned null for a " + what + " of map '" + mapName + "'");
        }
        if (codec instanceof BuiltinCodec) {
            return; // built-ins keep their layout by construction
        }
        StorageType type = codec.storageType();
        if (type == StorageType.INT64 && bytes.length != 8) {
            throw new IllegalArgumentException("codec '" + codec.id() + "' declares INT64 but wrote " + bytes.length + " bytes");
        }
        if (type == StorageType.TEXT || type == StorageType.JSON) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("codec '" + codec.id() + "' declares " + type + " but wrote bytes that are not UTF-8", e);
            }
        }
    }

    static String hex(byte[] bytes) {
        if (bytes.length > 32) {
            return "0x" + HexFormat.of().formatHex(bytes, 0, 32) + "... (" + bytes.length + " bytes)";
        }
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
