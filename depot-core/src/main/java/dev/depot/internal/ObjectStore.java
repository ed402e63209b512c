package dev.depot.internal;

import dev.depot.DbMap;

/**
 * A store that keeps Java objects rather than bytes (the memory store): it serves typed maps
 * itself, with real in-JVM atomicity, instead of going through {@link StoreDbMap}.
 */
public interface ObjectStore {
    /**
     * Whether this store keeps the map as objects. Keys without value equality (arrays) must go
     * through bytes instead, where they compare by content.
     */
    default boolean keepsObjects(EntryCodec<?, ?> codec) {
        return !codec.keyCodec().type().isArray();
    }

    <K, V> DbMap<K, V> openObjectMap(EntryCodec<K, V> codec, Lifecycle life);
}
