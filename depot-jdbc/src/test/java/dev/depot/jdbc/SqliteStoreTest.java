package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.testkit.TestPrefixes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a user of the SQLite store checks with the {@code sqlite3} shell or plain JDBC, beyond the contract suite. */
class SqliteStoreTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("depot.db");
    }

    private DepotConfig.Builder config(String prefix) {
        return DepotConfig.builder().url("sqlite:" + file()).prefix(prefix);
    }

    private Connection jdbc() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }

    /** Every row of a one-column query, as strings. */
    private List<String> column(String sql, Object... params) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Test
    void theFileIsInWalMode() throws SQLException {
        try (Depot depot = Depot.open(config("wal").build())) {
            depot.map("m", Codec.STRING, Codec.STRING).put("k", "v");
            assertThat(column("PRAGMA journal_mode")).containsExactly("wal");
        }
        // WAL mode is a property of the file: it stays after the store closes.
        assertThat(column("PRAGMA journal_mode")).containsExactly("wal");
    }

    @Test
    void eachMapIsATableWithATypedKeyColumn() throws SQLException {
        String prefix = TestPrefixes.fresh("typed");
        try (Depot depot = Depot.open(config(prefix).build())) {
            depot.map("by_long", Codec.LONG, Codec.BYTES).put(1L, new byte[] {1});
            depot.map("by_text", Codec.STRING, Codec.json(Note.class)).put("a", new Note("x", 1));
            depot.map("by_bytes", Codec.BYTES, Codec.STRING).put(new byte[] {1, 2}, "v");
        }
        assertThat(columns(prefix + "_by_long")).containsExactly("k INTEGER pk", "v BLOB");
        assertThat(columns(prefix + "_by_text")).containsExactly("k TEXT pk", "v TEXT");
        assertThat(columns(prefix + "_by_bytes")).containsExactly("k BLOB pk", "v BLOB");
        assertThat(columns(prefix + "_depot_meta")).containsExactly("k TEXT pk", "v BLOB");
        assertThat(column("SELECT sql FROM sqlite_master WHERE name = ?", prefix + "_by_text"))
                .singleElement().asString().contains("COLLATE BINARY");
        assertThat(column("SELECT typeof(k) FROM \"" + prefix + "_by_long\"")).containsExactly("integer");
        assertThat(column("SELECT k FROM \"" + prefix + "_by_long\"")).containsExactly("1");
    }

    /** {@code PRAGMA table_info} as "name TYPE [pk]" per column. */
    private List<String> columns(String table) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("SELECT name, type, pk FROM pragma_table_info(?)")) {
            ps.setString(1, table);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + (rs.getInt(3) > 0 ? " pk" : ""));
                }
            }
            return out;
        }
    }

    public record Note(String text, int stars) {}

    @Test
    void longKeysIterateInNumericOrderAcrossManyPages() {
        List<Long> keys = new ArrayList<>(LongStream.range(-23, 24).map(i -> i * 1_000_003L).boxed().toList());
        keys.add(Long.MIN_VALUE);
        keys.add(Long.MAX_VALUE);
        List<Long> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(1));
        try (Depot depot = Depot.open(config(TestPrefixes.fresh("paged")).pageSize(10).build())) {
            DbMap<Long, String> m = depot.map("paged", Codec.LONG, Codec.STRING);
            shuffled.forEach(k -> m.put(k, "v" + k));
            Collections.sort(keys);
            assertThat(keys).hasSizeGreaterThan(3 * 10);
            assertThat(new ArrayList<>(m.keySet())).containsExactlyElementsOf(keys);
            assertThat(m.values()).first().isEqualTo("v" + Long.MIN_VALUE);
        }
    }

    @Test
    void textWithEmojiAndNulRoundTripsAsKeysAndValues() throws SQLException {
        String prefix = TestPrefixes.fresh("text");
        List<String> texts = List.of("\u0000", "a\u0000", "a\u0000b", "a", "😀", "x😀\u0000😀y", "\u0000\u0000");
        try (Depot depot = Depot.open(config(prefix).build())) {
            DbMap<String, String> m = depot.map("texts", Codec.STRING, Codec.STRING);
            texts.forEach(t -> m.put(t, "value:" + t));
        }
        try (Depot depot = Depot.open(config(prefix).build())) {
            DbMap<String, String> m = depot.map("texts", Codec.STRING, Codec.STRING);
            assertThat(m).hasSize(texts.size());
            for (String t : texts) {
                assertThat(m.get(t)).as("value of %s", escape(t)).isEqualTo("value:" + t);
                assertThat(m.replace(t, "value:" + t, "new:" + t)).isTrue();
            }
            // Keys come back whole and in UTF-8 byte order (code point order).
            List<String> expectedOrder = new ArrayList<>(texts);
            expectedOrder.sort(SqliteStoreTest::compareUtf8);
            assertThat(new ArrayList<>(m.keySet())).containsExactlyElementsOf(expectedOrder);
            assertThat(m.get("a\u0000b\u0000")).isNull();
        }
        // Stored as real text, so the sqlite3 shell and plain JDBC see the same strings.
        assertThat(column("SELECT typeof(k) FROM \"" + prefix + "_texts\" WHERE k = ?", "x😀\u0000😀y")).containsExactly("text");
        assertThat(column("SELECT v FROM \"" + prefix + "_texts\" WHERE k = ?", "a\u0000b")).containsExactly("new:a\u0000b");
    }

    private static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("\u0000", "\\0");
    }

    @Test
    void sixteenMebibyteValueIsOneBlob() throws SQLException {
        String prefix = TestPrefixes.fresh("big");
        byte[] big = new byte[16 << 20];
        new Random(3).nextBytes(big);
        try (Depot depot = Depot.open(config(prefix).build())) {
            DbMap<Long, byte[]> m = depot.map("blobs", Codec.LONG, Codec.BYTES);
            m.put(1L, big);
            assertThat(m.get(1L)).isEqualTo(big);
            assertThat(m.put(1L, new byte[] {9})).isEqualTo(big);
            m.put(1L, big);
        }
        assertThat(column("SELECT typeof(v) || ' ' || length(v) FROM \"" + prefix + "_blobs\"")).containsExactly("blob " + big.length);
        try (Depot depot = Depot.open(config(prefix).build())) {
            assertThat(depot.map("blobs", Codec.LONG, Codec.BYTES).get(1L)).isEqualTo(big);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoDepotsOnOneFileLoseNoMerge() throws Exception {
        // Two Depots with their own pools on one file, as two cooperating processes would be.
        String prefix = TestPrefixes.fresh("shared");
        int threadsPerDepot = 4;
        int perThread = 1_000;
        int keys = 5;
        try (Depot a = Depot.open(config(prefix).sharedAccess(true).build());
             Depot b = Depot.open(config(prefix).sharedAccess(true).build())) {
            List<DbMap<String, Integer>> maps = List.of(a.map("counters", Codec.STRING, Codec.INT),
                    b.map("counters", Codec.STRING, Codec.INT));
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerDepot);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (DbMap<String, Integer> m : maps) {
                    for (int t = 0; t < threadsPerDepot; t++) {
                        int offset = t;
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < perThread; i++) {
                                m.merge("k" + ((i + offset) % keys), 1, Integer::sum);
                            }
                        }));
                    }
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            int total = 2 * threadsPerDepot * perThread;
            assertThat(maps.get(0).values()).containsOnly(total / keys);
            assertThat(maps.get(1).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        }
    }

    @Test
    void jsonValuesAreTextForPlainJdbc() throws SQLException {
        String prefix = TestPrefixes.fresh("json");
        try (Depot depot = Depot.open(config(prefix).build())) {
            depot.map("notes", Codec.LONG, Codec.json(Note.class)).put(7L, new Note("héllo 😀", 5));
        }
        String table = "\"" + prefix + "_notes\"";
        assertThat(column("SELECT typeof(v) FROM " + table + " WHERE k = 7")).containsExactly("text");
        assertThat(column("SELECT json_extract(v, '$.text') FROM " + table + " WHERE k = 7")).containsExactly("héllo 😀");
        assertThat(column("SELECT json_extract(v, '$.stars') FROM " + table + " WHERE k = 7")).containsExactly("5");
    }

    @Test
    void theFolderOfTheFileIsCreated() {
        Path nested = dir.resolve("a/b/c/state.db");
        try (Depot depot = Depot.open(DepotConfig.builder().url("sqlite:" + nested).prefix("nested").build())) {
            depot.map("m", Codec.STRING, Codec.STRING).put("k", "v");
        }
        assertThat(nested).isRegularFile();
    }

    @Test
    void malformedUrlsAreRejected() {
        for (String url : List.of("sqlite:", "sqlite://host/file.db", "sqlite::memory:", "sqlite:" + file() + "?mode=ro")) {
            assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(url).build()))
                    .as(url).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sqlite:");
        }
    }

    @Test
    void aFileThatIsNotADatabaseGivesADepotExceptionNamingTheStore() throws Exception {
        Files.writeString(file(), "this is not an SQLite database, but a text file long enough to have a header.".repeat(20));
        assertThatThrownBy(() -> Depot.open(config("notdb").build()))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining("sqlite:" + file());
    }

    @Test
    void prefixesThatCouldNameTheSameTableAreRefused() {
        try (Depot app = Depot.open(config("app").build())) {
            app.map("b_c", Codec.STRING, Codec.STRING).put("k", "of app");
        }
        assertThatThrownBy(() -> Depot.open(config("app_b").build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'app_b'").hasMessageContaining("'app'");
        try (Depot other = Depot.open(config("application").build())) {
            other.map("b_c", Codec.STRING, Codec.STRING).put("k", "of application");
        }
        try (Depot app = Depot.open(config("app").build())) {
            assertThat(app.map("b_c", Codec.STRING, Codec.STRING).get("k")).isEqualTo("of app");
        }
        assertThatThrownBy(() -> Depot.open(config("application_x").build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'application'");
    }

    @Test
    void mapNamesThatDifferOnlyInCaseDoNotShareATable() {
        try (Depot depot = Depot.open(config("cases").build())) {
            depot.map("Peers", Codec.STRING, Codec.STRING).put("k", "v");
            assertThatThrownBy(() -> depot.map("peers", Codec.STRING, Codec.STRING))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'Peers'").hasMessageContaining("case");
            assertThat(depot.map("Peers", Codec.STRING, Codec.STRING)).containsExactly(Map.entry("k", "v"));
        }
    }

    @Test
    void aBatchWithTheSameKeyTwiceKeepsTheLastValue() {
        try (Depot depot = Depot.open(config(TestPrefixes.fresh("dups")).build())) {
            DbMap<byte[], String> m = depot.map("dups", Codec.BYTES, Codec.STRING);
            Map<byte[], String> batch = new LinkedHashMap<>(); // byte[] keys compare by identity here
            batch.put(new byte[] {1}, "first");
            for (int i = 0; i < 1200; i++) {
                batch.put(new byte[] {2, (byte) (i >> 8), (byte) i}, "n" + i);
            }
            batch.put(new byte[] {1}, "last");
            m.putAll(batch);
            assertThat(m.sizeLong()).isEqualTo(1201);
            assertThat(m.get(new byte[] {1})).isEqualTo("last");
            assertThat(m.get(new byte[] {2, 4, (byte) 175})).isEqualTo("n1199");
        }
    }
}
