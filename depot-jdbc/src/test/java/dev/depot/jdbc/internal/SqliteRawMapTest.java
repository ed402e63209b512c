package dev.depot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.StorageType;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.RawPage;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreUrl;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL store through the SPI, as core drives it: byte-level results, cursors, drop. */
class SqliteRawMapTest {
    @TempDir
    Path dir;
    private Store store;

    @BeforeEach
    void open() {
        String url = "sqlite:" + dir.resolve("raw.db");
        store = new SqliteStoreProvider().open(new StoreContext(StoreUrl.parse(url),
                DepotConfig.builder().url(url).prefix("raw").build()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] int64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    @Test
    void operationsReturnWhatTheContractSays() {
        RawMap m = store.open(new RawMapSpec("ops", StorageType.TEXT, StorageType.BINARY));
        byte[] k = text("k");
        assertThat(m.put(k, new byte[] {1})).isNull();
        assertThat(m.put(k, new byte[] {2})).containsExactly(1);
        assertThat(m.putIfAbsent(k, new byte[] {3})).containsExactly(2);
        assertThat(m.putIfAbsent(text("other"), new byte[] {3})).isNull();
        assertThat(m.replace(k, new byte[] {4})).containsExactly(2);
        assertThat(m.replace(text("absent"), new byte[] {4})).isNull();
        assertThat(m.containsKey(text("absent"))).isFalse();
        assertThat(m.replace(k, new byte[] {9}, new byte[] {5})).isFalse();
        assertThat(m.replace(k, new byte[] {4}, new byte[] {5})).isTrue();
        assertThat(m.remove(k, new byte[] {4})).isFalse();
        assertThat(m.remove(k)).containsExactly(5);
        assertThat(m.remove(k)).isNull();
        assertThat(m.delete(text("other"))).isTrue();
        assertThat(m.delete(text("other"))).isFalse();
        assertThat(m.size()).isZero();
        // Returned arrays belong to the caller.
        m.set(k, new byte[] {7});
        byte[] got = m.get(k);
        got[0] = 0;
        assertThat(m.get(k)).containsExactly(7);
    }

    @Test
    void scanPagesByKeyWithTheLastKeyAsCursor() {
        RawMap m = store.open(new RawMapSpec("scan", StorageType.INT64, StorageType.BINARY));
        List<RawEntry> batch = new ArrayList<>();
        for (long i = -5; i < 5; i++) {
            batch.add(new RawEntry(int64(i), new byte[] {(byte) i}));
        }
        m.putAll(batch);
        List<Long> seen = new ArrayList<>();
        byte[] cursor = null;
        int pages = 0;
        do {
            RawPage page = m.scan(cursor, 5);
            page.entries().forEach(e -> seen.add(ByteBuffer.wrap(e.key()).getLong()));
            cursor = page.next();
            pages++;
        } while (cursor != null);
        // Two full pages, then an empty last one: a full page cannot know that nothing follows.
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(-5L, -4L, -3L, -2L, -1L, 0L, 1L, 2L, 3L, 4L);
        assertThat(m.scan(int64(2), 100).entries()).extracting(e -> ByteBuffer.wrap(e.key()).getLong()).containsExactly(3L, 4L);
        assertThat(m.scan(int64(2), 100).isLast()).isTrue();
    }

    @Test
    void dropRemovesTheTableAndOpenCreatesItAgain() throws SQLException {
        RawMap m = store.open(new RawMapSpec("gone", StorageType.BINARY, StorageType.JSON));
        m.set(new byte[] {1}, text("{\"a\":1}"));
        assertThat(tables()).contains("raw_gone", "raw_depot_meta");
        store.drop("gone");
        store.drop("gone"); // missing maps are ignored
        assertThat(tables()).doesNotContain("raw_gone");
        RawMap again = store.open(new RawMapSpec("gone", StorageType.BINARY, StorageType.JSON));
        assertThat(again.size()).isZero();
        assertThat(tables()).contains("raw_gone");
    }

    private List<String> tables() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Test
    void descriptionIsTheUrl() {
        assertThat(store.description()).isEqualTo("sqlite:" + dir.resolve("raw.db"));
    }

    @Test
    void anExhaustedPoolGivesStoreUnavailableNamingMapAndStore() {
        String url = "sqlite:" + dir.resolve("small.db");
        DepotConfig config = DepotConfig.builder().url(url).prefix("small").maxConnections(1)
                .connectTimeout(Duration.ofMillis(250)).build();
        try (SqlStore small = (SqlStore) new SqliteStoreProvider().open(new StoreContext(StoreUrl.parse(url), config))) {
            RawMap m = small.open(new RawMapSpec("busy", StorageType.TEXT, StorageType.BINARY));
            // Hold the only connection while another thread asks for one.
            Throwable failure = small.withConnection("hold the connection", "busy",
                    c -> CompletableFuture.runAsync(() -> m.get(text("k"))).handle((ok, e) -> e).join());
            assertThat(failure).isNotNull().cause()
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("'busy'").hasMessageContaining("small_busy").hasMessageContaining(url);
            assertThat(m.get(text("k"))).isNull(); // the store works again once a connection is free
        }
    }

    @Test
    void aLockedDatabaseIsUnavailableAndOtherErrorsAreNot() throws SQLException {
        SqlStore sql = (SqlStore) store;
        String file = "jdbc:sqlite:" + dir.resolve("raw.db");
        try (Connection holder = DriverManager.getConnection(file); Connection waiter = DriverManager.getConnection(file);
             Statement h = holder.createStatement(); Statement w = waiter.createStatement()) {
            h.execute("BEGIN IMMEDIATE");
            w.execute("PRAGMA busy_timeout = 0");
            SQLException busy = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                    () -> w.execute("BEGIN IMMEDIATE"));
            assertThat(sql.translate("write a key", "m", busy, System.nanoTime())).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("retry");
            h.execute("ROLLBACK");
            SQLException syntax = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                    () -> w.execute("SELEC 1"));
            assertThat(sql.translate("read a key", "m", syntax, System.nanoTime())).isExactlyInstanceOf(DepotException.class)
                    .hasMessageContaining("'m'").hasMessageContaining("raw_m");
        }
    }

    @Test
    void aFolderInsteadOfAFileIsASettingToFixNotAnOutage() {
        String url = "sqlite:" + dir;
        assertThatThrownBy(() -> new SqliteStoreProvider().open(new StoreContext(StoreUrl.parse(url),
                DepotConfig.builder().url(url).build())))
                .isExactlyInstanceOf(DepotException.class).hasMessageContaining(url);
    }
}
