package dev.depot.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.depot.StorageType;
import java.io.IOException;
import java.util.Objects;

/**
 * JSON through Jackson for one Java type, which may be generic ({@code List<Peer>}), with
 * Depot's mapper or the application's. Thread-safe: Jackson readers and writers are.
 */
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

    private final JavaType javaType;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonCodec(String id, JavaType javaType, ObjectMapper mapper) {
        super(id, raw(javaType), StorageType.JSON);
        this.javaType = javaType;
        this.reader = mapper.readerFor(javaType);
        // Map entries sorted whatever the mapper says: equal maps must give equal bytes.
        // Written by the value's runtime class, as before generic types were supported: same bytes.
        this.writer = mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    /** Depot's mapper, id {@code json:<binary class name>} (the id of every release so far). */
    public JsonCodec(Class<T> type) {
        this(ID_PREFIX + Objects.requireNonNull(type, "type").getName(), MAPPER.constructType(type), MAPPER);
    }

    /**
     * The codec for {@code type} (a {@code Class} or a {@code TypeReference}) through
     * {@code mapper} (null: Depot's), with the id {@code json:<name>}, or when {@code name} is
     * null {@code json:<type>}: the binary class name, with type arguments for generic types.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid codec name or {@code mapper} does not write JSON
     */
    public static <T> JsonCodec<T> of(String name, Object type, ObjectMapper mapper) {
        ObjectMapper m = mapper == null ? MAPPER : mapper;
        if (mapper != null && !"JSON".equals(mapper.getFactory().getFormatName())) {
            throw new IllegalArgumentException("the mapper writes " + mapper.getFactory().getFormatName()
                    + ", not JSON; for another format implement Codec yourself");
        }
        JavaType javaType = switch (Objects.requireNonNull(type, "type")) {
            case Class<?> c -> m.constructType(c);
            case TypeReference<?> r -> m.constructType(r);
            default -> throw new IllegalArgumentException("not a Class or TypeReference: " + type);
        };
        // A Class keeps the id json(Class) always had, also when it is a generic class used raw.
        String typeName = type instanceof Class<?> c ? c.getName() : javaType.toCanonical();
        String id = ID_PREFIX + (name == null ? typeName : CodecNames.check(name));
        return new JsonCodec<>(id, javaType, m);
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> raw(JavaType type) {
        return (Class<T>) type.getRawClass();
    }

    @Override
    public byte[] encode(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + javaType.toCanonical() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        try {
            return reader.readValue(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON " + javaType.toCanonical() + ": " + e.getMessage(), e);
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
