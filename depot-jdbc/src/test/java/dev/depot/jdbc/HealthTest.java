package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.Health;
import dev.depot.MapOptions;
import dev.depot.WriteMode;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code Depot.health()}: every part on SQLite, and a PostgreSQL that stops and comes back. */
class HealthTest {
    @TempDir
    Path dir;

    @Test
    void everyPartIsUpOnAWorkingSqliteStore() {
        try (Depot depot = Depot.open(DepotConfig.builder().url("sqlite:" + dir.resolve("h.db")).sessionDir(dir.resolve("s"))
                .blobUrl("file:" + dir.resolve("blobs")).build())) {
            DbMap<Long, String> wb = depot.map("wb", Codec.LONG, Codec.STRING,
                    MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND).withFlushInterval(Duration.ofHours(1)));
            wb.put(1L, "a");
            wb.put(2L, "b");

            Health h = depot.health();

            assertThat(h.up()).as(h.toString()).isTrue();
            assertThat(h.parts()).extracting(Health.Part::name)
                    .containsExactly("store", "blobs", "lease", "writeBehind", "changeFeed");
            assertThat(h.part("store").orElseThrow().detail()).contains("h.db");
            assertThat(h.part("lease").orElseThrow().detail()).startsWith("held until");
            assertThat(h.part("writeBehind").orElseThrow().detail()).startsWith("2 entries waiting");
            assertThat(h.part("changeFeed").orElseThrow().detail()).startsWith("none");
            depot.flush();
            assertThat(depot.health().part("writeBehind").orElseThrow().detail()).startsWith("0 entries waiting");
        }
    }

    @Test
    void aClosedDepotRefusesHealth() {
        Depot depot = Depot.open(DepotConfig.builder().url("sqlite:" + dir.resolve("c.db")).sessionDir(dir.resolve("s")).build());
        depot.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(depot::health).isInstanceOf(IllegalStateException.class);
    }

    @Nested
    @PostgresTest
    class StoppedServer {
        @RegisterExtension
        static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().start());

        @Test
        void aStoppedServerIsDownWithATypedReasonAndNoPasswordThenUpAgain() throws InterruptedException {
            // trust authentication ignores the password; it is here to be kept out of every detail
            String url = PG.get().url("health").replace("postgres@", "postgres:Sup3rSecretPw@");
            try (Depot depot = Depot.open(DepotConfig.builder().url(url).sessionDir(dir.resolve("pg")).build())) {
                depot.map("m", Codec.LONG, Codec.STRING).put(1L, "a");
                DbMap<Long, String> wb = depot.map("wb", Codec.LONG, Codec.STRING, MapOptions.defaults()
                        .withWriteMode(WriteMode.WRITE_BEHIND).withFlushInterval(Duration.ofMillis(200)));
                assertThat(depot.health().up()).isTrue();

                PG.get().stop();
                try {
                    wb.set(1L, "buffered while the server is down"); // set: put would read the previous value
                    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    Health.Part backlog = depot.health(Duration.ofMillis(100)).part("writeBehind").orElseThrow();
                    while (backlog.status() == Health.Status.UP && System.nanoTime() < until) {
                        Thread.sleep(100);
                        backlog = depot.health(Duration.ofMillis(100)).part("writeBehind").orElseThrow();
                    }
                    assertThat(backlog.status()).isEqualTo(Health.Status.DOWN);
                    assertThat(backlog.detail()).startsWith("map 'wb': the last flush failed (1 entries waiting");

                    long t = System.nanoTime();
                    Health hung = depot.health(Duration.ofSeconds(2));
                    long ms = (System.nanoTime() - t) / 1_000_000;
                    // the pool waits up to its 5 s acquire timeout: the 2 s bound answers first
                    assertThat(hung.part("store").orElseThrow().detail()).isEqualTo("no answer within 2000 ms");
                    assertThat(ms).isLessThan(4_000);

                    Health down = depot.health(Duration.ofSeconds(20)); // long enough for the store's own failure
                    assertThat(down.up()).isFalse();
                    Health.Part store = down.part("store").orElseThrow();
                    assertThat(store.status()).isEqualTo(Health.Status.DOWN);
                    assertThat(store.detail()).startsWith("StoreUnavailableException: ").doesNotContain("Sup3rSecretPw");
                    assertThat(down.toString()).doesNotContain("Sup3rSecretPw");
                } finally {
                    PG.get().start();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                Health again = depot.health();
                while (!again.up() && System.nanoTime() < deadline) {
                    again = depot.health();
                }
                assertThat(again.up()).as(again.toString()).isTrue();
                assertThat(again.part("writeBehind").orElseThrow().detail()).startsWith("0 entries waiting");
            }
        }
    }
}
