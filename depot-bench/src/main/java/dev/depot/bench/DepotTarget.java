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
    enum Mode { UNCACHED, CACHED, WRITE_BEHIND, WRITE_BEHIND_JOURNALED }

    private final Depot depot;

    private DepotTarget(Depot depot, DbMap<Long, byte[]> map) {
        super(map);
        this.depot = depot;
    }

    static DepotTarget open(String url, String mapName, Mode mode) {
        return open(url, mapName, mode, true);
    }

    /**
     * {@code shared} false is Depot as it was before issue 14's change feed: no sharedAccess, so
     * no feed and a lease on the prefix. That lease excludes every other Depot of the prefix, so
     * such a target uses a prefix of its own ({@link BenchData#LOCAL_PREFIX}, loaded on first use).
     */
    static DepotTarget open(String url, String mapName, Mode mode, boolean shared) {
        DepotConfig.Builder config = config(url);
        if (!shared) {
            config.sharedAccess(false).prefix(BenchData.LOCAL_PREFIX);
        }
        if (mode == Mode.WRITE_BEHIND_JOURNALED) {
            config.sessionDir(journalFolder()); // the journal lives in the session folder
        }
        Depot depot = Depot.open(config.build());
        MapOptions options = switch (mode) {
            case UNCACHED -> MapOptions.defaults().withCacheTtl(Duration.ZERO);
            case CACHED -> MapOptions.defaults();
            case WRITE_BEHIND -> MapOptions.defaults().withCacheTtl(Duration.ZERO).withWriteMode(WriteMode.WRITE_BEHIND);
            case WRITE_BEHIND_JOURNALED -> MapOptions.defaults().withCacheTtl(Duration.ZERO)
                    .withWriteMode(WriteMode.WRITE_BEHIND_JOURNALED);
        };
        return new DepotTarget(depot, depot.map(mapName, Codec.LONG, Codec.BYTES, options));
    }

    /** A fresh session folder on the local disk, as a journaled map needs. */
    private static java.nio.file.Path journalFolder() {
        try {
            return java.nio.file.Files.createTempDirectory("depot-bench-journal-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    /** {@code put}: returns the previous value, read in the same round trip where the store can. */
    @Override
    public byte[] put(Long key, byte[] value) {
        return map.put(key, value);
    }

    @Override
    public void clearForBulk() {
        map.clear();
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
