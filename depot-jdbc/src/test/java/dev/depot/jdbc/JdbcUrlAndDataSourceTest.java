package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.MariaDbTest;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.PostgresServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdbc:} URLs as {@code DATABASE_URL}, and {@code Depot.open(config, dataSource)} over a
 * HikariCP pool the test made, against real PostgreSQL, MariaDB and SQLite: Depot closes and the
 * application's pool still serves connections, and sees what Depot wrote.
 */
@PostgresTest
@MariaDbTest
class JdbcUrlAndDataSourceTest {
    @TempDir
    Path dir;

    private static String put(Depot d) {
        DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
        m.put("k", "v");
        assertThat(m.get("k")).isEqualTo("v");
        return d.toString();
    }

    private static long rows(HikariDataSource pool, String table) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Depot creates a missing database when it connects by URL; over a DataSource it must exist. */
    private static void ensureDatabase(String depotUrl) {
        Depot.open(DepotConfig.builder().url(depotUrl).prefix(TestPrefixes.fresh("mkdb")).build()).close();
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(4);
        return new HikariDataSource(c);
    }

    @Test
    void aPostgresJdbcUrlOpensAndPassesDriverParametersOn() {
        var pg = PostgresServers.shared();
        String prefix = TestPrefixes.fresh("jdbcpg");
        String url = pg.jdbcUrl("depot") + "&password=unused-s3cret&ApplicationName=billing&sslmode=disable";
        try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
            put(d);
            assertThat(pg.psql("depot", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'billing'").trim())
                    .isNotEqualTo("0");
        }
        assertThat(pg.psql("depot", "SELECT count(*) FROM " + prefix + "_m").trim()).isEqualTo("1");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(url + "&colour=red").prefix(prefix).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour'")
                .hasMessageNotContaining("unused-s3cret");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(url + "&readOnly=true").prefix(prefix).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readOnly is set by Depot");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(pg.url("depot") + "?ApplicationName=x").prefix(prefix)
                .build())).as("a Depot URL keeps refusing driver names").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ApplicationName'");
    }

    @Test
    void aPostgresDataSourceOfTheApplicationIsUsedAndLeftOpen() throws SQLException {
        var pg = PostgresServers.shared();
        String prefix = TestPrefixes.fresh("dspg");
        ensureDatabase(pg.url("depot"));
        try (HikariDataSource app = pool(pg.jdbcUrl("depot"), null, null)) {
            try (Depot d = Depot.open(DepotConfig.builder().prefix(prefix).sessionDir(dir).build(), app)) {
                assertThat(put(d)).contains("postgresql://postgres@127.0.0.1:" + pg.port() + "/depot");
            }
            assertThat(app.isClosed()).isFalse();
            assertThat(rows(app, prefix + "_m")).as("the application's pool still works and sees the entry").isEqualTo(1);
            // the same store by its URL: no migration, the entry is there
            try (Depot d = Depot.open(DepotConfig.builder().url(pg.url("depot")).prefix(prefix).sessionDir(dir).build())) {
                assertThat(d.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void mariadbAndMysqlJdbcUrlsOpen() {
        var db = MariaDbServers.shared();
        String hostPort = "127.0.0.1:" + db.port();
        for (String sub : new String[] {"mariadb", "mysql"}) {
            String prefix = TestPrefixes.fresh("jdbc" + sub);
            String url = "jdbc:" + sub + "://" + hostPort + "/depot?user=" + MariaDbServers.USER + "&password="
                    + MariaDbServers.PASSWORD + "&connectTimeout=4000&useCompression=false";
            try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
                put(d);
            }
            assertThat(db.sql("SELECT COUNT(*) FROM depot." + prefix + "_m").trim()).isEqualTo("1");
            assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(url + "&useAffectedRows=false").prefix(prefix)
                    .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("useAffectedRows")
                    .hasMessageNotContaining(MariaDbServers.PASSWORD);
            assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(url + "&colour=red").prefix(prefix).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour'")
                    .hasMessageNotContaining(MariaDbServers.PASSWORD);
        }
    }

    @Test
    void aMariadbDataSourceOfTheApplicationIsUsedAndLeftOpen() throws SQLException {
        var db = MariaDbServers.shared();
        String prefix = TestPrefixes.fresh("dsmaria");
        ensureDatabase(db.url("depot"));
        String base = "jdbc:mariadb://127.0.0.1:" + db.port() + "/depot";
        try (HikariDataSource app = pool(base + "?useAffectedRows=true&allowMultiQueries=true", MariaDbServers.USER,
                MariaDbServers.PASSWORD)) {
            try (Depot d = Depot.open(DepotConfig.builder().prefix(prefix).sessionDir(dir).build(), app)) {
                String description = put(d);
                assertThat(description).doesNotContain(MariaDbServers.PASSWORD);
            }
            assertThat(app.isClosed()).isFalse();
            assertThat(rows(app, prefix + "_m")).isEqualTo(1);
        }
        try (HikariDataSource plain = pool(base, MariaDbServers.USER, MariaDbServers.PASSWORD)) {
            assertThatThrownBy(() -> Depot.open(DepotConfig.builder().prefix(prefix).sessionDir(dir).build(), plain))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowMultiQueries=true");
            assertThat(rows(plain, prefix + "_m")).as("refused, and the pool is still the application's").isEqualTo(1);
        }
    }

    @Test
    void anSqliteDataSourceOfTheApplicationIsUsedAndLeftOpen() throws SQLException {
        Path file = dir.resolve("app.db");
        String prefix = "app";
        try (HikariDataSource app = pool("jdbc:sqlite:" + file, null, null)) {
            try (Depot d = Depot.open(DepotConfig.builder().prefix(prefix).sessionDir(dir).build(), app)) {
                put(d);
            }
            assertThat(app.isClosed()).isFalse();
            assertThat(rows(app, prefix + "_m")).isEqualTo(1);
        }
        try (Depot d = Depot.open(DepotConfig.builder().url("sqlite:" + file).prefix(prefix).sessionDir(dir).build())) {
            assertThat(d.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
    }
}
