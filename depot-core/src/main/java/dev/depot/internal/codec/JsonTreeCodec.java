package dev.depot.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.depot.Codec;
import dev.depot.StorageType;
import java.io.IOException;

/**
 * Reads and writes any JSON document under a given {@code json:...} id, for tools that open
 * maps whose record class they do not have.
 */
final class JsonTreeCodec implements BuiltinCodec<JsonNode> {
    private final String id;

    JsonTreeCodec(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Class<JsonNode> type() {
        return JsonNode.class;
    }

    @Override
    public StorageType storageType() {
        return StorageType.JSON;
    }

    @Override
    public byte[] encode(JsonNode value) {
        try {
            return JsonCodec.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public JsonNode decode(byte[] bytes) {
        try {
            JsonNode node = JsonCodec.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON document");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Codec[" + id + "]";
    }
}
