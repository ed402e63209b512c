package dev.depot.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.NoSuchStoreException;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreProvider;
import dev.depot.spi.StoreUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@code sqlite:<file>}, the embedded default ({@code sqlite:./depot-data/depot.db}). The file
 * and its folder are created when missing. Connections use WAL, {@code synchronous=NORMAL} and
 * a 30-second busy timeout; the pool is small ({@value #MAX_POOL} connections at most), since
 * SQLite runs one writer at a time and readers need no more.
 */
public final class SqliteStoreProvider implements StoreProvider {
    /** Most pooled connections to one file; readers run in parallel under WAL, writers queue anyway. */
    static final int MAX_POOL = 4;
    /** How long a writer waits for the write lock held by another connection or process. */
    static final int BUSY_TIMEOUT_MS = 30_000;

    @Override
    public Set<String> schemes() {
        return Set.of("sqlite");
    }

    @Override
    public boolean acceptsClient(Object client) {
        return client instanceof javax.sql.DataSource;
    }

    @Override
    public Store open(StoreContext context) {
        StoreUrl url = context.url();
        Path file = file(url);
        if (context.client() instanceof javax.sql.DataSource app) {
            // the application's pool over the file; the change feed polls over Depot's own connection to it
            SqliteDialect dialect = new SqliteDialect();
            HikariDataSource pool = ServerPool.borrowed("sqlite", app, context.config(), dialect);
            SqlStore store = new SqlStore(dialect, pool, context);
            store.offerChangeFeed(ChangeFeedSettings.of(source(file.toAbsolutePath()), url));
            return store;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (!context.config().createIfMissing() && !Files.isRegularFile(file)) {
            throw new NoSuchStoreException("nothing is there: no SQLite database at " + file.toAbsolutePath().normalize()
                    + " (" + url + "). Check the path");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DepotException("cannot create the folder " + folder + " for " + url + ": " + e, e);
        }
        SqliteDialect dialect = new SqliteDialect();
        HikariDataSource pool = pool(dialect, file.toAbsolutePath(), context.config(), url);
        SqlStore store = new SqlStore(dialect, pool, context);
        store.offerChangeFeed(ChangeFeedSettings.of(source(file.toAbsolutePath()), url));
        return store;
    }

    private static Path file(StoreUrl url) {
        if (url.hierarchical() || url.path().isBlank()) {
            throw new IllegalArgumentException("an SQLite store URL is sqlite:<file>, e.g. " + DepotConfig.DEFAULT_URL
                    + ", not " + url);
        }
        java.util.Set<String> unknown = new java.util.TreeSet<>(url.params().keySet());
        unknown.removeAll(PARAMS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("an SQLite store URL takes only the parameters " + new java.util.TreeSet<>(PARAMS)
                    + ", but " + url + " has " + unknown);
        }
        if (url.path().startsWith(":memory:") || url.path().startsWith("file:")) {
            throw new IllegalArgumentException("an SQLite store URL names a file (sqlite:<file>); for a store in RAM use"
                    + " memory:, not " + url);
        }
        return Path.of(url.path());
    }

    /** The change feed's settings ({@link ChangeFeedSettings}): how often the change log is polled, how long rows stay. */
    static final Set<String> PARAMS = Set.of(ChangeFeedSettings.POLL_INTERVAL, ChangeFeedSettings.RETENTION);

    /** Unpooled connections to the file with the pool's settings (WAL, busy timeout). */
    private static SQLiteDataSource source(Path file) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + file);
        return source;
    }

    private static HikariDataSource pool(SqliteDialect dialect, Path file, DepotConfig config, StoreUrl url) {
        SQLiteDataSource source = source(file);

        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(source);
        hikari.setPoolName("depot-sqlite-" + config.prefix());
        hikari.setMaximumPoolSize(Math.min(config.maxConnections(), MAX_POOL));
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        config.observer().configureClient(config.prefix(), hikari); // HikariCP's own metrics, when observed
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            String message = "cannot open " + url + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            if (e.getCause() instanceof SQLException s && dialect.isUnavailable(s)) {
                throw new StoreUnavailableException(message + "; retry when the file is reachable", e);
            }
            throw new DepotException(message, e);
        }
    }
}
