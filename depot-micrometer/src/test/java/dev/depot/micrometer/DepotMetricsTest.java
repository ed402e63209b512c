package dev.depot.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapOptions;
import dev.depot.WriteMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Depot's meters on SQLite after known operations, counted exactly. */
class DepotMetricsTest {
    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Depot open(String file, DepotConfig.Builder extra) {
        return Depot.open(extra.url("sqlite:" + dir.resolve(file)).sessionDir(dir.resolve("session-" + file))
                .observer(DepotMetrics.of(registry)).build());
    }

    private double counter(String name, String map) {
        return registry.get(name).tag("map", map).functionCounter().count();
    }

    private long calls(String map, String op) {
        return registry.get("depot.store.calls").tag("map", map).tag("operation", op).tag("outcome", "success").timer().count();
    }

    @Test
    void cacheHitsMissesAndStoreCallsAreCounted() {
        try (Depot depot = open("a.db", DepotConfig.builder())) {
            DbMap<Long, String> notes = depot.map("notes", Codec.LONG, Codec.STRING);
            for (long i = 0; i < 10; i++) {
                notes.put(i, "v" + i);
            }
            for (long i = 0; i < 5; i++) {
                assertThat(notes.get(i)).isEqualTo("v" + i); // cached by the put: hits
            }
            for (long i = 100; i < 103; i++) {
                assertThat(notes.get(i)).isNull(); // absent: misses, each a store read
            }

            assertThat(counter("depot.cache.hits", "notes")).isEqualTo(5);
            assertThat(counter("depot.cache.misses", "notes")).isEqualTo(3);
            // a bulk read: two cached keys are hits, two absent ones misses read in one store call
            assertThat(notes.getAll(java.util.List.of(0L, 1L, 200L, 201L))).hasSize(2);
            assertThat(counter("depot.cache.hits", "notes")).isEqualTo(7);
            assertThat(counter("depot.cache.misses", "notes")).isEqualTo(5);
            assertThat(calls("notes", "get_all")).isEqualTo(1);
            assertThat(registry.get("depot.cache.size").tag("map", "notes").gauge().value()).isEqualTo(10);
            assertThat(calls("notes", "put")).isEqualTo(10);
            assertThat(calls("notes", "get")).isEqualTo(3);
            assertThat(registry.find("depot.store.calls").tag("outcome", "failure").timers()).isEmpty();
            // the pool's own metrics, through HikariCP's tracker factory
            assertThat(registry.find("hikaricp.connections").tag("pool", "depot-sqlite-depot").gauge()).isNotNull();
            assertThat(registry.get("depot.lease.held").tag("prefix", "depot").gauge().value()).isEqualTo(1);
            assertThat(registry.get("depot.lease.changes").tag("change", "acquired").counter().count()).isEqualTo(1);
            assertThat(registry.get("depot.changefeed.state").tag("state", "none").gauge().value()).isEqualTo(1);
            assertThat(registry.get("depot.changefeed.state").tag("state", "connected").gauge().value()).isZero();
        }
        // a closed Depot's meters leave the registry
        assertThat(registry.find("depot.cache.hits").meters()).isEmpty();
        assertThat(registry.find("depot.store.calls").meters()).isEmpty();
        assertThat(registry.find("depot.lease.held").meters()).isEmpty();
    }

    @Test
    void evictionsOfABoundedCacheAreCounted() {
        try (Depot depot = open("e.db", DepotConfig.builder())) {
            DbMap<Long, String> small = depot.map("small", Codec.LONG, Codec.STRING, MapOptions.defaults().withCacheMaxEntries(5));
            for (long i = 0; i < 20; i++) {
                small.put(i, "v");
            }
            assertThat(counter("depot.cache.evictions", "small")).isEqualTo(15);
            assertThat(registry.get("depot.cache.size").tag("map", "small").gauge().value()).isEqualTo(5);
        }
    }

    @Test
    void writeBehindFlushIsCounted() {
        try (Depot depot = open("w.db", DepotConfig.builder())) {
            DbMap<Long, String> buffered = depot.map("buffered", Codec.LONG, Codec.STRING,
                    MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND).withFlushInterval(Duration.ofHours(1)));
            for (long i = 0; i < 7; i++) {
                buffered.put(i, "v" + i);
            }
            assertThat(registry.get("depot.writebehind.dirty").tag("map", "buffered").gauge().value()).isEqualTo(7);
            assertThat(registry.get("depot.writebehind.oldest.age").tag("map", "buffered").timeGauge().value())
                    .isGreaterThanOrEqualTo(0);
            assertThat(counter("depot.writebehind.flushes", "buffered")).isZero();

            depot.flush();

            assertThat(registry.get("depot.writebehind.dirty").tag("map", "buffered").gauge().value()).isZero();
            assertThat(registry.get("depot.writebehind.oldest.age").tag("map", "buffered").timeGauge().value()).isZero();
            assertThat(counter("depot.writebehind.flushes", "buffered")).isEqualTo(1);
            assertThat(counter("depot.writebehind.flush.failures", "buffered")).isZero();
            assertThat(calls("buffered", "put_all")).isEqualTo(1); // the 7 writes in one batch
            assertThat(registry.find("depot.store.calls").tag("map", "buffered").tag("operation", "put").timer()).isNull();
        }
    }

    @Test
    void writeBehindAtTheDefaultIntervalFlushesByItself() throws Exception {
        try (Depot depot = open("d.db", DepotConfig.builder())) {
            DbMap<Long, String> buffered = depot.map("buffered", Codec.LONG, Codec.STRING,
                    MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND));
            buffered.put(1L, "v");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (counter("depot.writebehind.flushes", "buffered") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(counter("depot.writebehind.flushes", "buffered")).isEqualTo(1);
            assertThat(registry.get("depot.writebehind.dirty").tag("map", "buffered").gauge().value()).isZero();
        }
    }

    @Test
    void migrationProgressIsCounted() {
        try (Depot source = Depot.open(DepotConfig.builder().url("sqlite:" + dir.resolve("src.db"))
                .sessionDir(dir.resolve("session-src")).build())) {
            DbMap<Long, String> a = source.map("a", Codec.LONG, Codec.STRING);
            DbMap<Long, String> b = source.map("b", Codec.LONG, Codec.STRING);
            for (long i = 0; i < 30; i++) {
                a.put(i, "x");
            }
            for (long i = 0; i < 12; i++) {
                b.put(i, "y");
            }
        }
        try (Depot target = open("dst.db", DepotConfig.builder().migrateFrom("sqlite:" + dir.resolve("src.db")))) {
            assertThat(target.map("a", Codec.LONG, Codec.STRING)).hasSize(30);
            assertThat(registry.get("depot.migration.maps").counter().count()).isEqualTo(2);
            assertThat(registry.get("depot.migration.entries").counter().count()).isEqualTo(42);
            assertThat(registry.get("depot.migration.rate").gauge().value()).isPositive();
            // the source's lease and pool are not this Depot's: the target's lease and pool stay counted
            assertThat(registry.get("depot.lease.held").gauge().value()).isEqualTo(1);
            assertThat(registry.get("depot.lease.changes").tag("change", "acquired").counter().count()).isEqualTo(1);
            assertThat(registry.find("depot.lease.changes").tag("change", "released").counter()).isNull();
            assertThat(registry.find("hikaricp.connections").tag("pool", "depot-sqlite-depot").gauge()).isNotNull();
        }
    }
}
