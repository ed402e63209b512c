package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {
    @TempDir
    Path dir;

    private String fill(String url, int n) {
        try (Depot d = Depot.open(url)) {
            DbMap<Long, String> m = d.map("events", Codec.LONG, Codec.STRING);
            Map<Long, String> batch = new HashMap<>();
            for (long i = 0; i < n; i++) {
                batch.put(i, "event " + i);
            }
            m.putAll(batch);
            d.map("names", Codec.STRING, Codec.STRING).put("a", "b");
        }
        return url;
    }

    @Test
    void migratesWithAProgressBarAndASummaryPerMap() {
        String from = fill("sqlite:" + dir.resolve("from.db"), 5_000);
        String to = "sqlite:" + dir.resolve("to.db");
        Cli.Result r = Cli.run("migrate", "--from", from, "--to", to);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("Migrating prefix 'depot' from " + from + " to " + to)
                .containsPattern("\\[1/2\\] events [0-9,]+/5,000 \\([0-9]+%\\) +[0-9,]+ entries/s +ETA")
                .contains("events: 5,000 entries, count verified")
                .contains("names: 1 entries, count verified")
                .contains("Done in").contains("the source is unchanged");
        try (Depot d = Depot.open(to)) {
            assertThat(d.map("events", Codec.LONG, Codec.STRING).sizeLong()).isEqualTo(5_000);
            assertThat(d.map("events", Codec.LONG, Codec.STRING).get(4_999L)).isEqualTo("event 4999");
        }
        try (Depot d = Depot.open(from)) {
            assertThat(d.map("events", Codec.LONG, Codec.STRING).sizeLong()).isEqualTo(5_000);
        }
    }

    @Test
    void theEnvironmentsPostgresParametersStayWithItsStore() {
        String from = fill("sqlite:" + dir.resolve("from.db"), 10);
        String to = "sqlite:" + dir.resolve("to.db");
        Map<String, String> env = Map.of("DB_HOST", "pgbouncer", "PREPARED_STATEMENTS", "false",
                "DEPOT_DIRECT_URL", "postgres://app:pw@db/app");
        // --to names another store: the PostgreSQL parameters of the environment's store are not its
        Cli.Result r = Cli.run(env, "migrate", "--from", from, "--to", to);
        assertThat(r.exitCode()).as(r.all()).isZero();
        // --url replaces the environment's store, but the variables still name its parameters: refused, never ignored
        Cli.Result refused = Cli.run(env, "--url", to, "info");
        assertThat(refused.exitCode()).as(refused.all()).isNotZero();
        assertThat(refused.all()).contains("preparedStatements").contains("PREPARED_STATEMENTS").doesNotContain(":pw@");
    }

    @Test
    void dropSourceEmptiesTheSourceAfterVerifying() {
        String from = fill("sqlite:" + dir.resolve("from.db"), 100);
        String to = "memory:" + dir.resolve("mem");
        Cli.Result r = Cli.run("migrate", "--from", from, "--to", to, "--drop-source");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("the source's maps were dropped");
        try (Depot d = Depot.open(from)) {
            assertThat(d.maps()).isEmpty();
        }
        try (Depot d = Depot.open(to)) {
            assertThat(d.map("events", Codec.LONG, Codec.STRING)).hasSize(100);
        }
    }

    @Test
    void aSourceThatCannotBeReachedFailsWithoutThePassword() {
        Cli.Result r = Cli.run("migrate", "--from", "redis://:s3cret@127.0.0.1:1", "--to", "sqlite:" + dir.resolve("to.db"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.all()).doesNotContain("s3cret").contains("127.0.0.1:1");
    }
}
