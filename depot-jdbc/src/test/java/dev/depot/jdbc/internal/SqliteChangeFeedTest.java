package dev.depot.jdbc.internal;

import dev.depot.spi.StoreProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's change log. Not covered here: a failing poll (an SQLite connection cannot be killed
 * from outside); the reconnect path it shares with MariaDB is covered by {@code MariaDbChangeFeedTest}.
 */
class SqliteChangeFeedTest extends ChangeLogTests {
    @TempDir
    Path dir;

    @Override
    protected String url(String params) {
        return "sqlite:" + dir.resolve("feed.db") + (params.isEmpty() ? "" : "?" + params);
    }

    @Override
    protected StoreProvider provider() {
        return new SqliteStoreProvider();
    }
}
