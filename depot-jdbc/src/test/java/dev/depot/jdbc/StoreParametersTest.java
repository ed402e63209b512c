package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SQL store refuses a parameter it does not know, whether written in the URL or given
 * apart from it ({@link DepotConfig#storeParams()}), before it connects: a setting meant for
 * another store is never quietly dropped. No server needed (the ports are never reached).
 */
class StoreParametersTest {
    @TempDir
    Path dir;

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void sqliteTakesNoParameters() {
        String file = "sqlite:" + dir.resolve("x.db");
        assertThatThrownBy(() -> Depot.open(file + "?preparedStatements=false")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SQLite").hasMessageContaining("preparedStatements");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(file).storeParam("journalMode", "wal").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("journalMode");
    }

    @Test
    void mysqlRefusesThePostgresPoolerParameters() {
        assertThatThrownBy(() -> Depot.open("mysql://u:hunter2@127.0.0.1:1/app?directUrl=" + enc("mysql://u@127.0.0.1:2/app")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'directUrl'").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("mysql://127.0.0.1:1/app").storeParam("sslmode", "require")
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sslmode'");
    }

    @Test
    void postgresChecksItsDirectUrl() {
        String bouncer = "postgres://u@127.0.0.1:1/app";
        assertThatThrownBy(() -> Depot.open(bouncer + "?directUrl=" + enc("mysql://u:hunter2@127.0.0.1:2/app")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postgres://").hasMessageNotContaining("hunter2");
        // the direct URL is PostgreSQL itself: pooler parameters there would be ignored, so they are refused
        assertThatThrownBy(() -> Depot.open(bouncer + "?directUrl=" + enc("postgres://u@127.0.0.1:2/app?preparedStatements=false")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'preparedStatements'");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(bouncer).storeParam("prepareStatements", "false").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'prepareStatements'");
    }
}
