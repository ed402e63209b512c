package dev.depot.internal;

import dev.depot.Codec;
import dev.depot.DbMap;
import java.util.AbstractMap;

/**
 * What every {@link DbMap} of Depot shares: the map's {@link EntryCodec} (which also gives its
 * name and codecs) and the Depot's {@link Lifecycle}, checked before each operation. Subclasses
 * are the map layers: {@link ObjectDbMap}, {@link StoreDbMap} and {@link CachedDbMap}.
 * Thread-safe: what it holds is immutable.
 */
abstract class CodecDbMap<K, V> extends AbstractMap<K, V> implements DbMap<K, V> {
    final EntryCodec<K, V> codec;
    final Lifecycle life;

    CodecDbMap(EntryCodec<K, V> codec, Lifecycle life) {
        this.codec = codec;
        this.life = life;
    }

    @Override
    public final String name() {
        return codec.mapName();
    }

    @Override
    public final Codec<K> keyCodec() {
        return codec.keyCodec();
    }

    @Override
    public final Codec<V> valueCodec() {
        return codec.valueCodec();
    }
}
