package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PostgresServers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving from the embedded SQLite file to PostgreSQL behind PgBouncer, configured as the README
 * says (prepared statements off, {@code directUrl} to PostgreSQL itself): the pooler settings of
 * the target must not stand in the way of opening the SQLite source.
 */
@PgBouncerTest
class MigrationIntoPgBouncerTest {
    @TempDir
    Path tmp;

    @Test
    void sqliteMovesIntoPostgresBehindPgBouncerWithADirectUrl() {
        String prefix = TestPrefixes.fresh("pb");
        String sqlite = StoreKind.SQLITE.url(tmp, "source");
        try (Depot d = Depot.open(DepotConfig.builder().url(sqlite).prefix(prefix).build())) {
            d.map("chats", Codec.LONG, Codec.STRING).put(1L, "one");
        }
        PgBouncerServers.PgBouncer bouncer = PgBouncerServers.shared();
        DepotConfig target = DepotConfig.builder().url(bouncer.url("it"))
                .storeParam("directUrl", PostgresServers.shared().url("it")).prefix(prefix).migrateFrom(sqlite).build();
        try (Depot d = Depot.open(target)) {
            assertThat(d.map("chats", Codec.LONG, Codec.STRING).get(1L)).isEqualTo("one");
        }
    }
}
