package dev.depot.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.depot.StorageType;
import java.io.IOException;

/**
 * Reads and writes any JSON document under a given {@code json:...} id, for tools that open
 * maps whose record class they do not have.
 */
final class JsonTreeCodec extends FixedCodec<JsonNode> {
    JsonTreeCodec(String id) {
        super(id, JsonNode.class, StorageType.JSON);
    }

    @Override
    public byte[] encode(JsonNode value) {
        return JsonCodec.write(value, "JSON");
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
}
