package dev.depot.bench;

import java.util.Map;

/**
 * A target whose data is a {@link Map} of its library (Depot's {@code DbMap}, a
 * {@code ConcurrentHashMap}, an MVStore map, Caffeine's map view): reads, writes and iteration go
 * straight to the map, so every such target is measured through the same calls. Subclasses say
 * how to count, close, and where their library has a better write ({@code DbMap.set}).
 *
 * @param <M> the library's own map type, so subclasses reach its own calls without a second field
 */
public abstract class MapTarget<M extends Map<Long, byte[]>> implements KvTarget {
    /** The library's map; thread-safe as the library makes it. */
    protected final M map;

    protected MapTarget(M map) {
        this.map = map;
    }

    @Override
    public byte[] get(Long key) {
        return map.get(key);
    }

    @Override
    public void set(Long key, byte[] value) {
        map.put(key, value);
    }

    @Override
    public void putAll(Map<Long, byte[]> entries) {
        map.putAll(entries);
    }

    @Override
    public long iterate() {
        long sum = 0;
        for (Map.Entry<Long, byte[]> e : map.entrySet()) {
            sum += e.getKey() + e.getValue()[0];
        }
        return sum;
    }

    /** Nothing to release, unless the subclass holds a store or a connection. */
    @Override
    public void close() {}
}
