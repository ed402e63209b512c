package dev.depot.bench.peers;

import dev.depot.bench.MapTarget;
import java.util.concurrent.ConcurrentHashMap;

/** A plain {@link ConcurrentHashMap}: the peer of the memory store. */
public final class ConcurrentHashMapPeer extends MapTarget<ConcurrentHashMap<Long, byte[]>> {
    public ConcurrentHashMapPeer() {
        super(new ConcurrentHashMap<>());
    }

    @Override
    public long size() {
        return map.mappingCount();
    }
}
