package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code depot health}: exit 0 when every part is up, 3 otherwise, as a container probe expects. */
class HealthCommandTest {
    @TempDir
    Path dir;

    @Test
    void aWorkingSqliteStoreIsUp() {
        String url = Cli.storeWith(dir, d -> d.map("notes", Codec.LONG, Codec.STRING).put(1L, "a"));

        Cli.Result r = Cli.run("health", "--url", url);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("store").contains("lease").contains("writeBehind").contains("changeFeed")
                .endsWith("UP\n").doesNotContain("DOWN");
    }

    @Test
    void jsonSaysTheSame() {
        String url = Cli.storeWith(dir, d -> d.map("notes", Codec.LONG, Codec.STRING).put(1L, "a"));

        Cli.Result r = Cli.run("health", "--url", url, "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("\"status\" : \"UP\"").contains("\"name\" : \"store\"").contains("\"latencyMs\"");
    }

    @Test
    void aMissingStoreIsDown() {
        Cli.Result r = Cli.run("health", "--url", Cli.storeUrl(dir.resolve("nothing")), "--json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.out()).contains("\"status\" : \"DOWN\"").contains("NoSuchStoreException");
    }

    @Test
    void aBadTimeoutIsBadUsage() {
        Cli.Result r = Cli.run("health", "--url", Cli.storeUrl(dir), "--timeout", "soon");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
    }

    @Nested
    @PostgresTest
    class Postgres {
        @RegisterExtension
        static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().start());

        @Test
        void runningIsExitZeroStoppedIsExitThreeWithATypedReasonAndNoPassword() {
            // trust authentication ignores the password; it is here to be kept out of the output
            String url = PG.get().url("probe").replace("postgres@", "postgres:Sup3rSecretPw@");
            try (Depot depot = Depot.open(DepotConfig.builder().url(url).sessionDir(dir.resolve("app")).build())) {
                depot.map("m", Codec.LONG, Codec.STRING).put(1L, "a");
            }
            Map<String, String> env = Map.of("DEPOT_URL", url);

            Cli.Result up = Cli.run(env, "health");
            assertThat(up.exitCode()).as(up.all()).isZero();
            assertThat(up.all()).doesNotContain("Sup3rSecretPw");

            PG.get().stop();
            try {
                Cli.Result down = Cli.run(env, "health");
                assertThat(down.exitCode()).as(down.all()).isEqualTo(3);
                assertThat(down.out()).contains("store").contains("DOWN").contains("StoreUnavailableException");
                assertThat(down.all()).doesNotContain("Sup3rSecretPw");

                Cli.Result json = Cli.run(env, "health", "--json");
                assertThat(json.exitCode()).as(json.all()).isEqualTo(3);
                assertThat(json.out()).contains("\"status\" : \"DOWN\"").contains("StoreUnavailableException")
                        .doesNotContain("Sup3rSecretPw");
            } finally {
                PG.get().start();
            }
        }
    }
}
