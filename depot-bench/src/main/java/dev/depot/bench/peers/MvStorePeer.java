package dev.depot.bench.peers;

import dev.depot.bench.MapTarget;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * H2's MVStore on a file, one {@link MVMap} per map: an embedded persistent key-value store, a
 * peer of Depot on SQLite. Writes go to the map and are committed by MVStore's background
 * auto-commit (its default), {@code putAll} commits at the end; so a single write is not
 * durable when it returns, unlike Depot's write-through {@code set} on SQLite.
 */
public final class MvStorePeer extends MapTarget<MVMap<Long, byte[]>> {
    private final MVStore store;

    private MvStorePeer(MVStore store, MVMap<Long, byte[]> map) {
        super(map);
        this.store = store;
    }

    public static MvStorePeer open(String file, String mapName) {
        MVStore store = new MVStore.Builder().fileName(file).open();
        return new MvStorePeer(store, store.openMap(mapName));
    }

    @Override
    public void putAll(Map<Long, byte[]> entries) {
        map.putAll(entries);
        store.commit();
    }

    @Override
    public long size() {
        return map.sizeAsLong();
    }

    @Override
    public void close() {
        store.close();
    }
}
