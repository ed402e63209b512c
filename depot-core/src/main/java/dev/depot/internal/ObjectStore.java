package dev.depot.internal;

import dev.depot.DbMap;

/**
 * A store that keeps Java objects rather than bytes (the memory store): it serves typed maps
 * itself, with real in-JVM atomicity, instead of going through {@link StoreDbMap}.
 */
public interface ObjectStore {
    <K, V> DbMap<K, V> openObjectMap(EntryCodec<K, V> codec, Lifecycle life);
}
