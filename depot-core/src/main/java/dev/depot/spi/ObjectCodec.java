package dev.depot.spi;

import dev.depot.Codec;

/**
 * How one map's entries turn into bytes and back, handed by Depot to a store that keeps the
 * map as Java objects ({@link Store#openObjects}): the store decodes what it already holds once,
 * and encodes the objects when it saves them (the memory store's snapshot).
 *
 * <p>Thread-safe. Encoding applies the map's limits and throws {@link IllegalArgumentException}
 * for a key or value over them; decoding bytes that the codec does not read throws
 * {@link dev.depot.DepotException} naming the map and the key. Arguments are never null.
 */
public interface ObjectCodec<K, V> {

    /** The map's key codec; its {@link Codec#type()} says whether keys are arrays. */
    Codec<K> keyCodec();

    byte[] encodeKey(K key);

    byte[] encodeValue(V value);

    K decodeKey(byte[] bytes);

    V decodeValue(byte[] keyBytes, byte[] bytes);
}
