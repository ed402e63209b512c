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
import java.nio.file.Path;
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
