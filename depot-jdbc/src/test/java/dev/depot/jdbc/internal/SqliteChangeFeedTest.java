package dev.depot.jdbc.internal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's change log. Not covered here: a failing poll (an SQLite connection cannot be killed
 * from outside); the reconnect path it shares with MariaDB is covered by {@code MariaDbChangeFeedTest}.
 */
class SqliteChangeFeedTest extends ChangeLogTests {
    @TempDir
    Path dir;

    SqliteChangeFeedTest() {
        super(new SqliteStoreProvider());
    }

    @Override
    protected String baseUrl() {
        return "sqlite:" + dir.resolve("feed.db");
    }
}
