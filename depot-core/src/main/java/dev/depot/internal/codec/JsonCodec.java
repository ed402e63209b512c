package dev.depot.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.depot.StorageType;
import java.io.IOException;
import java.util.Objects;

/** JSON through Jackson for one class. Thread-safe: Jackson readers and writers are. */
public final class JsonCodec<T> extends FixedCodec<T> {
    public static final String ID_PREFIX = "json:";

    /**
     * One mapper for every JSON codec. Sorted map keys and properties keep the encoding
     * deterministic, which compare-and-set in the store relies on.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public JsonCodec(Class<T> type) {
        super(ID_PREFIX + Objects.requireNonNull(type, "type").getName(), type, StorageType.JSON);
    }

    @Override
    public byte[] encode(T value) {
        return write(value, type().getName() + " as JSON");
    }

    @Override
    public T decode(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, type());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON " + type().getName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code value} as JSON bytes; a value Jackson cannot write is an {@code IllegalArgumentException} naming {@code what}. */
    static byte[] write(Object value, String what) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + what + ": " + e.getOriginalMessage(), e);
        }
    }
}
