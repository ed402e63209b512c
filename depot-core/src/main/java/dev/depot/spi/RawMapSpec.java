package dev.depot.spi;

import dev.depot.StorageType;
import java.util.Objects;

/**
 * What a store needs to create or open the table/key space of one map.
 *
 * @param name      the map name, already validated against {@code [A-Za-z0-9_]} and the length
 *                  limit; the store combines it with the prefix
 * @param keyType   layout of the key bytes: {@code INT64}, {@code TEXT} or {@code BINARY}
 * @param valueType layout of the value bytes: {@code BINARY} or {@code JSON}
 */
public record RawMapSpec(String name, StorageType keyType, StorageType valueType) {
    public RawMapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        if (keyType == StorageType.JSON) {
            throw new IllegalArgumentException("JSON keys are stored as BINARY");
        }
        if (valueType != StorageType.BINARY && valueType != StorageType.JSON) {
            throw new IllegalArgumentException("values are BINARY or JSON, not " + valueType);
        }
    }
}
