package dev.depot.bench.peers;

import dev.depot.bench.KvTarget;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A plain {@link ConcurrentHashMap}: the peer of the memory store. */
public final class ConcurrentHashMapPeer implements KvTarget {
    private final ConcurrentHashMap<Long, byte[]> map = new ConcurrentHashMap<>();

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

    @Override
    public long size() {
        return map.mappingCount();
    }

    @Override
    public void close() {}
}
