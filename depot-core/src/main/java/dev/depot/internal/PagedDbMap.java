package dev.depot.internal;

import dev.depot.DbMapAsync;
import dev.depot.spi.RawMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A map over a store's {@link RawMap} ({@link StoreDbMap}, and {@link CachedDbMap} above it):
 * its views page through the store and write through this map ({@link PagedViews}), and its
 * asynchronous view uses the store's own asynchronous calls ({@link StoreAsyncView}). Both are
 * built around the subclass, so the read cache sees every write made through them.
 *
 * <p>Thread-safe; {@code size}, {@code isEmpty} and {@code containsValue} ask the store each time.
 */
abstract class PagedDbMap<K, V> extends CodecDbMap<K, V> {
    final RawMap raw;
    final int pageSize;
    final PagedViews<K, V> views;
    private final DbMapAsync<K, V> async;

    /** @param cache the read cache the async view keeps in step, or {@link ValueCache#none()} */
    PagedDbMap(EntryCodec<K, V> codec, RawMap raw, Lifecycle life, int pageSize, ValueCache<K, V> cache,
            MapEvents<K, V> events) {
        super(codec, life, events);
        this.raw = raw;
        this.pageSize = pageSize;
        this.views = new PagedViews<>(this);
        this.async = new StoreAsyncView<>(this, codec, raw, life, cache);
    }

    // ---- what the store answers whole: the cache holds no part of it ----

    @Override
    public final int size() {
        long n = sizeLong();
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    @Override
    public final long sizeLong() {
        life.checkOpen();
        return raw.size();
    }

    @Override
    public final boolean isEmpty() {
        return views.isEmpty();
    }

    @Override
    public final boolean containsValue(Object value) {
        return views.containsValue(value);
    }

    // ---- views: paged over the store, writing through this map ----

    @Override
    public final Set<Map.Entry<K, V>> entrySet() {
        return views.entrySet;
    }

    @Override
    public final Set<K> keySet() {
        return views.keySet;
    }

    @Override
    public final Collection<V> values() {
        return views.values;
    }

    @Override
    public final Stream<Map.Entry<K, V>> stream() {
        return views.stream();
    }

    @Override
    public final DbMapAsync<K, V> async() {
        return async;
    }
}
