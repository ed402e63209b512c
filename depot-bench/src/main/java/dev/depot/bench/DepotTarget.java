package dev.depot.bench;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapOptions;
import dev.depot.WriteMode;
import java.time.Duration;

/** Depot on a store, through the public API only. */
final class DepotTarget extends MapTarget<DbMap<Long, byte[]>> {
    enum Mode { UNCACHED, CACHED, WRITE_BEHIND }

    private final Depot depot;

    private DepotTarget(Depot depot, DbMap<Long, byte[]> map) {
        super(map);
        this.depot = depot;
    }

    static DepotTarget open(String url, String mapName, Mode mode) {
        Depot depot = Depot.open(config(url).build());
        MapOptions options = switch (mode) {
            case UNCACHED -> MapOptions.defaults().withCacheTtl(Duration.ZERO);
            case CACHED -> MapOptions.defaults();
            case WRITE_BEHIND -> MapOptions.defaults().withCacheTtl(Duration.ZERO).withWriteMode(WriteMode.WRITE_BEHIND);
        };
        return new DepotTarget(depot, depot.map(mapName, Codec.LONG, Codec.BYTES, options));
    }

    /** What every Depot in the benchmarks uses: the bench prefix, {@link BenchData#POOL} connections, shared, no migration. */
    static DepotConfig.Builder config(String url) {
        return DepotConfig.builder()
                .url(url)
                .prefix(BenchData.PREFIX)
                .maxConnections(BenchData.POOL)
                .sharedAccess(true)
                .autoMigrate(false);
    }

    DbMap<Long, byte[]> map() {
        return map;
    }

    /** {@code set}: no previous value read, unlike {@code put}. */
    @Override
    public void set(Long key, byte[] value) {
        map.set(key, value);
    }

    @Override
    public long size() {
        return map.sizeLong();
    }

    @Override
    public void close() {
        depot.close();
    }
}
