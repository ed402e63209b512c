package dev.depot.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.RedisServers;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.depot.MapOptions;
import dev.depot.WriteMode;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clients' own metrics, passed through: HikariCP's on PostgreSQL, Lettuce's command latency on Redis. */
class ServerMetricsTest {
    @TempDir
    Path dir;

    @Nested
    @PostgresTest
    class Postgres {
        @Test
        void hikariPoolMetricsAndDepotTimersArePresent() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            String prefix = TestPrefixes.fresh("pgm");
            try (Depot depot = Depot.open(DepotConfig.builder().url(PostgresServers.shared().url("metrics")).prefix(prefix)
                    .sessionDir(dir).observer(DepotMetrics.of(registry)).build())) {
                DbMap<Long, String> m = depot.map("m", Codec.LONG, Codec.STRING);
                for (long i = 0; i < 10; i++) {
                    m.put(i, "v");
                }
                String pool = "depot-postgres-" + prefix;
                assertThat(registry.find("hikaricp.connections.max").tag("pool", pool).gauge()).isNotNull();
                // every Depot operation borrowed a connection: HikariCP timed each acquisition
                assertThat(registry.get("hikaricp.connections.acquire").tag("pool", pool).timer().count()).isGreaterThanOrEqualTo(10);
                assertThat(registry.get("depot.store.calls").tag("map", "m").tag("operation", "put").timer().count())
                        .isEqualTo(10);
            }
            assertThat(registry.find("hikaricp.connections.max").gauges()).isEmpty(); // the pool closed with the Depot
        }
    }

    @Nested
    @PostgresTest
    class StoppedPostgres {
        @RegisterExtension
        static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().start());

        @Test
        void aFailedFlushIsCountedAndTheBacklogAgesUntilTheServerIsBack() throws InterruptedException {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (Depot depot = Depot.open(DepotConfig.builder().url(PG.get().url("wb")).sessionDir(dir)
                    .observer(DepotMetrics.of(registry)).build())) {
                DbMap<Long, String> wb = depot.map("wb", Codec.LONG, Codec.STRING, MapOptions.defaults()
                        .withWriteMode(WriteMode.WRITE_BEHIND).withFlushInterval(Duration.ofMillis(200)));
                PG.get().stop();
                try {
                    wb.set(1L, "buffered"); // set, not put: put reads the previous value from the store
                    await(() -> count(registry, "depot.writebehind.flush.failures") >= 1);
                    assertThat(registry.get("depot.writebehind.dirty").gauge().value()).isEqualTo(1);
                    assertThat(registry.get("depot.writebehind.oldest.age").timeGauge().value(TimeUnit.MILLISECONDS))
                            .isPositive();
                    assertThat(count(registry, "depot.writebehind.flushes")).isZero();
                    assertThat(registry.get("depot.store.calls").tag("operation", "put_all").tag("outcome", "failure")
                            .timer().count()).isGreaterThanOrEqualTo(1);
                } finally {
                    PG.get().start();
                }
                await(() -> count(registry, "depot.writebehind.flushes") == 1);
                assertThat(registry.get("depot.writebehind.dirty").gauge().value()).isZero();
                assertThat(registry.get("depot.writebehind.oldest.age").timeGauge().value()).isZero();
            }
        }

        private static double count(SimpleMeterRegistry registry, String name) {
            return registry.get(name).functionCounter().count();
        }

        /** Waits up to 30 s for {@code condition}: the flush retries back off from 200 ms, so it takes a few seconds. */
        private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!condition.getAsBoolean() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(condition.getAsBoolean()).isTrue();
        }
    }

    @Nested
    @RedisTest
    class Redis {
        @Test
        void lettuceCommandLatencyIsRecorded() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            String prefix = TestPrefixes.fresh("rdm");
            try (Depot depot = Depot.open(DepotConfig.builder().url(RedisServers.shared().url()).prefix(prefix)
                    .sessionDir(dir).observer(DepotMetrics.of(registry)).build())) {
                DbMap<Long, String> m = depot.map("m", Codec.LONG, Codec.STRING);
                for (long i = 0; i < 10; i++) {
                    m.put(i, "v");
                }
                long lettuce = registry.find("lettuce.command.completion").timers().stream().mapToLong(Timer::count).sum();
                assertThat(lettuce).isGreaterThanOrEqualTo(10);
                assertThat(registry.get("depot.store.calls").tag("map", "m").tag("operation", "put").timer().count())
                        .isEqualTo(10);
            }
        }
    }
}
