package dev.depot.internal.codec;

import dev.depot.Codec;
import dev.depot.StorageType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** The codecs behind the constants of {@link Codec}. Their ids and byte formats never change. */
public final class BuiltinCodecs {
    private BuiltinCodecs() {}

    public static final Codec<Long> LONG = new FixedCodec<>("long", Long.class, StorageType.INT64) {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(8).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            return exactly(bytes, 8).getLong();
        }
    };

    public static final Codec<Integer> INT = new FixedCodec<>("int", Integer.class, StorageType.INT64) {
        @Override
        public byte[] encode(Integer value) {
            return ByteBuffer.allocate(8).putLong(value.longValue()).array();
        }

        @Override
        public Integer decode(byte[] bytes) {
            long v = exactly(bytes, 8).getLong();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(v + " does not fit in an int");
            }
            return (int) v;
        }
    };

    public static final Codec<String> STRING = new FixedCodec<>("string", String.class, StorageType.TEXT) {
        @Override
        public byte[] encode(String value) {
            try {
                ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap(value));
                byte[] out = new byte[buf.remaining()];
                buf.get(out);
                return out;
            } catch (CharacterCodingException e) {
                // An unpaired surrogate has no UTF-8 form; storing '?' instead would lose data.
                throw new IllegalArgumentException("string contains an unpaired surrogate and cannot be stored as UTF-8", e);
            }
        }

        @Override
        public String decode(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("bytes are not valid UTF-8", e);
            }
        }
    };

    public static final Codec<byte[]> BYTES = new FixedCodec<>("bytes", byte[].class, StorageType.BINARY) {
        @Override
        public byte[] encode(byte[] value) {
            return value.clone();
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes.clone();
        }
    };

    public static final Codec<UUID> UUID = new FixedCodec<>("uuid", UUID.class, StorageType.BINARY) {
        @Override
        public byte[] encode(UUID value) {
            return ByteBuffer.allocate(16)
                    .putLong(value.getMostSignificantBits())
                    .putLong(value.getLeastSignificantBits())
                    .array();
        }

        @Override
        public UUID decode(byte[] bytes) {
            ByteBuffer buf = exactly(bytes, 16);
            return new UUID(buf.getLong(), buf.getLong());
        }
    };

    public static final Codec<Instant> INSTANT = new FixedCodec<>("instant", Instant.class, StorageType.BINARY) {
        @Override
        public byte[] encode(Instant value) {
            // The sign bit is flipped so that byte order is time order in binary key columns.
            return ByteBuffer.allocate(12)
                    .putLong(value.getEpochSecond() ^ Long.MIN_VALUE)
                    .putInt(value.getNano())
                    .array();
        }

        @Override
        public Instant decode(byte[] bytes) {
            ByteBuffer buf = exactly(bytes, 12);
            long seconds = buf.getLong() ^ Long.MIN_VALUE;
            int nanos = buf.getInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new IllegalArgumentException("nanosecond field out of range: " + nanos);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }
    };

    /** True for the ids of the constants above (not {@code json:...}). */
    public static boolean isBuiltinId(String id) {
        return switch (id) {
            case "long", "int", "string", "bytes", "uuid", "instant" -> true;
            default -> false;
        };
    }

    /** Built-in codec for {@code id}; {@code json:*} ids get a codec reading any JSON document. */
    public static Codec<?> forId(String id) {
        if (id == null) {
            throw new NullPointerException("id");
        }
        return switch (id) {
            case "long" -> LONG;
            case "int" -> INT;
            case "string" -> STRING;
            case "bytes" -> BYTES;
            case "uuid" -> UUID;
            case "instant" -> INSTANT;
            default -> {
                if (id.startsWith(JsonCodec.ID_PREFIX)) {
                    yield new JsonTreeCodec(id);
                }
                throw new IllegalArgumentException("no built-in codec has the id '" + id
                        + "'; built-in ids are long, int, string, bytes, uuid, instant and json:<class>");
            }
        };
    }
}
