package dev.depot.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.depot.DepotException;
import java.io.IOException;

/**
 * The one JSON setup for Depot's own records: map records, migration checkpoints, the lease, the
 * session state file, blob sidecars. Unknown properties are ignored, so a record written by a
 * newer Depot with a field more still reads in an older one (records evolve by adding fields).
 * Not the users' JSON codec ({@code JsonCodec}), whose sorted, deterministic encoding is part of
 * its contract. Thread-safe: Jackson mappers are, once configured.
 */
public final class DepotJson {
    /** The mapper; never reconfigure it. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DepotJson() {}

    /**
     * The record as JSON bytes.
     *
     * @throws DepotException "cannot write {@code what}" when Jackson cannot (a bug, records always serialize)
     */
    public static byte[] write(Object record, String what) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new DepotException("cannot write " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The record read from JSON bytes, or null for null bytes (nothing stored).
     *
     * @throws DepotException "unreadable {@code what}" with Jackson's reason when the bytes are not such a record
     */
    public static <T> T read(byte[] bytes, Class<T> type, String what) {
        if (bytes == null) {
            return null;
        }
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new DepotException("unreadable " + what + ": " + e.getMessage(), e);
        }
    }
}
