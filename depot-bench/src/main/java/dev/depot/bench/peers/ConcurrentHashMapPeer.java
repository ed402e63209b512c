package dev.depot.bench.peers;

import dev.depot.bench.MapTarget;
import java.util.concurrent.ConcurrentHashMap;

/** A plain {@link ConcurrentHashMap}: the peer of the memory store. */
public final class ConcurrentHashMapPeer extends MapTarget {
    private final ConcurrentHashMap<Long, byte[]> chm;

    public ConcurrentHashMapPeer() {
        this(new ConcurrentHashMap<>());
    }

    private ConcurrentHashMapPeer(ConcurrentHashMap<Long, byte[]> chm) {
        super(chm);
        this.chm = chm;
    }

    @Override
    public long size() {
        return chm.mappingCount();
    }
}
