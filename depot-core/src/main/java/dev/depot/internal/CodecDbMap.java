package dev.depot.internal;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.MapListener;
import dev.depot.MapSubscription;
import java.util.AbstractMap;

/**
 * What every {@link DbMap} of Depot shares: the map's {@link EntryCodec} (which also gives its
 * name and codecs), the Depot's {@link Lifecycle}, checked before each operation, and the map's listeners
 * ({@link MapEvents}). Subclasses
 * are the map layers: {@link ObjectDbMap}, {@link StoreDbMap} and {@link CachedDbMap}.
 * Thread-safe: what it holds is immutable.
 */
abstract class CodecDbMap<K, V> extends AbstractMap<K, V> implements DbMap<K, V> {
    final EntryCodec<K, V> codec;
    final Lifecycle life;
    /** The map's listeners, shared by the layers of one map (cache and store). */
    final MapEvents<K, V> events;

    CodecDbMap(EntryCodec<K, V> codec, Lifecycle life, MapEvents<K, V> events) {
        this.codec = codec;
        this.life = life;
        this.events = events;
    }

    @Override
    public final MapSubscription listen(MapListener<K, V> listener) {
        life.checkOpen();
        return events.listen(listener, this::get);
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
