package dev.depot;

import java.util.Objects;

/**
 * What the store records about one map: its name and the ids of the codecs it was created with.
 *
 * @param name         the map name, without the prefix
 * @param keyCodecId   {@link Codec#id()} of the key codec
 * @param valueCodecId {@link Codec#id()} of the value codec
 */
public record MapInfo(String name, String keyCodecId, String valueCodecId) {
    public MapInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyCodecId, "keyCodecId");
        Objects.requireNonNull(valueCodecId, "valueCodecId");
    }
}
