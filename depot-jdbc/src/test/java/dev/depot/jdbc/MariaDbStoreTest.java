package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.MariaDbTest;
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the MySQL/MariaDB store adds to the contract: collations, counts, packet limits, columns, URLs. */
@MariaDbTest
class MariaDbStoreTest {
    record Note(String text, long n) {}

    private static MariaDbServer db() {
        return MariaDbServers.shared();
    }

    private static Depot open(String prefix, String url) {
        return Depot.open(DepotConfig.builder().url(url).prefix(prefix).build());
    }

    @Test
    void trailingSpacesMakeDistinctKeys() {
        try (Depot depot = open(TestPrefixes.fresh("mk"), db().url())) {
            DbMap<String, String> m = depot.map("pad", Codec.STRING, Codec.STRING);
            m.put("a", "1");
            m.put("a ", "2");
            m.put("A", "3");
            assertThat(m).containsOnly(Map.entry("a", "1"), Map.entry("a ", "2"), Map.entry("A", "3"));
            assertThat(m.remove("a ", "2")).isTrue();
            assertThat(m.get("a")).isEqualTo("1");
        }
    }

    @Test
    void replacingAValueWithItselfCountsAsReplaced() {
        try (Depot depot = open(TestPrefixes.fresh("mr"), db().url())) {
            DbMap<String, String> m = depot.map("same", Codec.STRING, Codec.STRING);
            m.put("k", "v");
            assertThat(m.replace("k", "v", "v")).isTrue();
            assertThat(m.replace("k", "other", "v")).isFalse();
            assertThat(m.putIfAbsent("k", "w")).isEqualTo("v");
            assertThat(m.putIfAbsent("new", "w")).isNull();
        }
    }

    @Test
    void aStatementOverMaxAllowedPacketFailsNamingTheSetting() {
        try (Depot depot = Depot.open(DepotConfig.builder().url(db().url()).prefix(TestPrefixes.fresh("mp"))
                .maxValueBytes(100 << 20).build())) {
            DbMap<String, byte[]> m = depot.map("big", Codec.STRING, Codec.BYTES);
            assertThatThrownBy(() -> m.put("huge", new byte[70 << 20]))
                    .isInstanceOf(DepotException.class).isNotInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("max_allowed_packet").hasMessageNotContaining(MariaDbServers.PASSWORD);
            m.put("small", new byte[] {1});
            assertThat(m.get("small")).containsExactly(1);
            assertThat(m.containsKey("huge")).isFalse();
        }
    }

    @Test
    void columnsAreTypedAndJsonKeepsItsBytes() {
        String prefix = TestPrefixes.fresh("mc");
        Note note = new Note("nul\u0000 and 😀", 7);
        try (Depot depot = open(prefix, db().url("columns"))) {
            DbMap<String, Note> notes = depot.map("notes", Codec.STRING, Codec.json(Note.class));
            notes.put("k", note);
            assertThat(notes.replace("k", note, new Note("x", 1))).isTrue();
            depot.map("longs", Codec.LONG, Codec.BYTES).put(1L, new byte[] {1});
            depot.map("bins", Codec.BYTES, Codec.BYTES).put(new byte[] {0}, new byte[] {1});
        }
        String columns = db().sql("SELECT table_name, column_name, column_type, IFNULL(collation_name, '-')"
                + " FROM information_schema.columns WHERE table_schema = 'columns' AND table_name LIKE '" + prefix + "%'"
                + " ORDER BY table_name, column_name");
        assertThat(columns).contains(prefix + "_notes\tk\tvarchar(512)\tutf8mb4_nopad_bin",
                prefix + "_notes\tv\tlongtext\tutf8mb4_nopad_bin", prefix + "_longs\tk\tbigint(20)\t-",
                prefix + "_longs\tv\tlongblob\t-", prefix + "_bins\tk\tvarbinary(512)\t-");
        assertThat(db().sql("SELECT JSON_VALUE(v, '$.text') FROM columns.`" + prefix + "_notes`").trim()).isEqualTo("x");
    }

    @Test
    void urlFormsAndParameters() {
        String prefix = TestPrefixes.fresh("mu");
        String url = "mysql://" + MariaDbServers.USER + ":" + MariaDbServers.PASSWORD + "@127.0.0.1:" + db().port()
                + "/urls?preparedStatements=false&sslMode=disable";
        try (Depot depot = open(prefix, url)) {
            depot.map("m", Codec.STRING, Codec.STRING).put("k", "v");
            assertThat(depot.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
        assertThatThrownBy(() -> open(prefix, db().url() + "?sslmode=required")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sslmode").hasMessageNotContaining(MariaDbServers.PASSWORD);
        assertThatThrownBy(() -> open(prefix, "mariadb://" + MariaDbServers.USER + ":wrong-pass@127.0.0.1:" + db().port() + "/urls"))
                .isInstanceOf(DepotException.class).hasMessageContaining("127.0.0.1:" + db().port())
                .hasMessageNotContaining("wrong-pass");
    }

    @Test
    void inspectingAMissingDatabaseOrPrefixCreatesNothing() {
        new MissingDatabaseChecks(db()::url,
                db -> db().sql("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + db + "'"),
                db -> db().sql("CREATE DATABASE " + db),
                db -> db().sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + db + "'"),
                MariaDbServers.PASSWORD).inspectingCreatesNothing("mi");
    }
}
