package dev.depot.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreProvider;
import dev.depot.spi.StoreUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code mysql://} and {@code mariadb://}:
 * {@code mysql://user:password@host[:port][,host[:port]...]/database[?param=value&...]}, for
 * MySQL 8 and MariaDB alike, through the MariaDB driver (several hosts: tried in order).
 *
 * <p>Also {@code jdbc:mysql://} and {@code jdbc:mariadb://} URLs with {@code user} and
 * {@code password} parameters (see {@link StoreUrl#jdbc()}): there a parameter Depot does not
 * read goes to the MariaDB driver as it is when the driver declares it
 * ({@code Driver.getPropertyInfo}), and is refused otherwise: MySQL Connector/J's own names that
 * the MariaDB driver 3.5 does not declare ({@code useSSL}, {@code serverTimezone},
 * {@code characterEncoding}) are refused by name rather than silently dropped;
 * {@code useAffectedRows} and {@code allowMultiQueries} are refused, as Depot sets them.
 *
 * <p>One HikariCP pool of {@link DepotConfig#maxConnections()} connections, in READ COMMITTED
 * with affected-rows counts (see {@link MySqlDialect}). Parameters (anything else is an error):
 * {@code sslMode} ({@code disable}, {@code trust}, {@code verify-ca}, {@code verify-full}),
 * {@code serverSslCert}, {@code keyStore}, {@code keyStorePassword}, {@code socketTimeout},
 * {@code allowPublicKeyRetrieval}, {@code useCompression}, passed to the driver; and
 * {@code preparedStatements}, accepted for symmetry with PostgreSQL (the driver prepares on the
 * client by default, which is what a proxy in front of MySQL needs).
 *
 * <p>Timeouts: connecting has {@link DepotConfig#connectTimeout()}; each statement's wait for
 * the server has the driver's {@code socketTimeout}, by default
 * {@link DepotConfig#operationTimeout()}, and the URL's {@code socketTimeout} (milliseconds, 0
 * for none) wins; waiting for a pooled connection has the smaller of {@code operationTimeout}
 * and {@code connectTimeout}.
 *
 * <p>When the database does not exist, it is created ({@code CREATE DATABASE ... CHARACTER SET
 * utf8mb4}) over a connection without a database. When the server's
 * {@code max_allowed_packet} is too small for a statement, the error says so and names it.
 */
public final class MySqlStoreProvider implements StoreProvider {
    static final int DEFAULT_PORT = 3306;
    private static final String DRIVER = "org.mariadb.jdbc.Driver";
    private static final Map<String, String> DRIVER_PARAMS = Map.of(
            "sslMode", "sslMode", "serverSslCert", "serverSslCert", "keyStore", "keyStore",
            "keyStorePassword", "keyStorePassword", "socketTimeout", "socketTimeout",
            "allowPublicKeyRetrieval", "allowPublicKeyRetrieval", "useCompression", "useCompression");
    static final Set<String> PARAMS;
    /** Driver properties Depot sets and its statements rely on: a {@code jdbc:} URL may not change them. */
    private static final Set<String> FIXED_DRIVER_PROPERTIES = Set.of("useAffectedRows", "allowMultiQueries");
    /** ER_BAD_DB_ERROR: unknown database. */
    private static final int NO_DATABASE = 1049;

    static {
        Set<String> p = new HashSet<>(DRIVER_PARAMS.keySet());
        p.add("preparedStatements");
        p.add(ChangeFeedSettings.POLL_INTERVAL);
        p.add(ChangeFeedSettings.RETENTION);
        PARAMS = Set.copyOf(p);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mysql", "mariadb");
    }

    @Override
    public boolean acceptsClient(Object client) {
        return client instanceof javax.sql.DataSource;
    }

    @Override
    public Store open(StoreContext context) {
        if (context.client() instanceof javax.sql.DataSource app) {
            return openBorrowed(app, context);
        }
        StoreUrl url = ServerPool.checkUrl(context.url(), "a MySQL/MariaDB store URL is mysql://user:password@host:port/database",
                ServerPool.allowedParams(context.url(), PARAMS, DRIVER, "jdbc:mariadb://localhost/db", FIXED_DRIVER_PROPERTIES),
                TimeUnit.MILLISECONDS);
        DepotConfig config = context.config();
        SqlTls.MARIADB.check(url);
        url.booleanParam("preparedStatements", true); // validates the value; the driver prepares on the client anyway
        if (url.path().isEmpty()) {
            throw new IllegalArgumentException("a MySQL/MariaDB store URL names the database: mysql://user:password@host/database, not " + url);
        }
        String database = ServerPool.database(url, "");
        ServerPool.Target target = target(url, database, config);
        // Until the server is known, errors are classified by a dialect with safe defaults.
        MySqlDialect probe = new MySqlDialect(true, 16L << 20, false);
        HikariDataSource pool = ServerPool.openCreatingDatabase(database, url, config,
                () -> ServerPool.open("mysql", target, config, false, probe, url, e -> e.getErrorCode() == NO_DATABASE),
                missing -> createDatabase(target(url, "", config), database, url, probe, missing),
                () -> ServerPool.open("mysql", target, config, false, probe, url, e -> false));
        MySqlDialect dialect;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT VERSION(), @@max_allowed_packet, @@lower_case_table_names")) {
            rs.next();
            dialect = new MySqlDialect(rs.getString(1).contains("MariaDB"), rs.getLong(2), rs.getInt(3) != 0);
        } catch (SQLException e) {
            pool.close();
            if (probe.isUnavailable(e)) {
                throw new StoreUnavailableException("cannot read the server version of " + url + ": " + e.getMessage(), e);
            }
            throw new DepotException("cannot read the server version of " + url + ": " + e.getMessage(), e);
        }
        SqlStore store = new SqlStore(dialect, pool, context);
        store.offerChangeFeed(ChangeFeedSettings.of(ServerPool.unpooled(target), url));
        return store;
    }

    /**
     * The store over the application's own data source. Depot's statements need the MariaDB
     * driver's {@code useAffectedRows=true} and {@code allowMultiQueries=true}, which only the
     * data source can set: both are probed on a connection, and a data source without them is
     * refused naming the setting.
     */
    private static Store openBorrowed(javax.sql.DataSource app, StoreContext context) {
        StoreUrl url = context.url();
        for (String p : url.params().keySet()) {
            if (!p.equals(ChangeFeedSettings.POLL_INTERVAL) && !p.equals(ChangeFeedSettings.RETENTION)) {
                throw new IllegalArgumentException("the store parameter " + p + " does not apply to a store opened over the"
                        + " application's DataSource (" + url + "): configure the DataSource instead");
            }
        }
        MySqlDialect probe = new MySqlDialect(true, 16L << 20, false);
        HikariDataSource pool = ServerPool.borrowed("mysql", app, context.config(), probe);
        MySqlDialect dialect;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            try {
                s.execute("SELECT 1; SELECT 2");
            } catch (SQLException e) {
                throw new IllegalArgumentException("the application's DataSource for " + url + " must allow several statements"
                        + " in one call: set allowMultiQueries=true on it (" + e.getMessage() + ")", e);
            }
            s.execute("CREATE TEMPORARY TABLE depot_probe_rows (k INT PRIMARY KEY, v INT)");
            try {
                s.executeUpdate("INSERT INTO depot_probe_rows VALUES (1, 1)");
                int changed = s.executeUpdate("INSERT INTO depot_probe_rows VALUES (1, 1) ON DUPLICATE KEY UPDATE v = 1");
                if (changed != 0) {
                    throw new IllegalArgumentException("the application's DataSource for " + url + " counts found rows, not"
                            + " changed rows: set useAffectedRows=true on it (Depot's compare-and-set reads the count)");
                }
            } finally {
                s.execute("DROP TEMPORARY TABLE depot_probe_rows");
            }
            try (ResultSet rs = s.executeQuery("SELECT VERSION(), @@max_allowed_packet, @@lower_case_table_names")) {
                rs.next();
                dialect = new MySqlDialect(rs.getString(1).contains("MariaDB"), rs.getLong(2), rs.getInt(3) != 0);
            }
        } catch (SQLException e) {
            pool.close();
            throw new StoreUnavailableException("cannot read the server of " + url + " through the application's DataSource: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        SqlStore store = new SqlStore(dialect, pool, context);
        store.offerChangeFeed(ChangeFeedSettings.of(app, url));
        return store;
    }

    static ServerPool.Target target(StoreUrl url, String database, DepotConfig config) {
        String hosts = ServerPool.hosts(url, DEFAULT_PORT);
        Properties props = ServerPool.credentials(url);
        props.setProperty("connectTimeout", Long.toString(Math.max(250, config.connectTimeout().toMillis())));
        props.setProperty("useAffectedRows", "true");
        // a write and its change-log row in one round trip (ChangeLogPublisher); all data is bound, never spliced in
        props.setProperty("allowMultiQueries", "true");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketTimeout", Long.toString(config.operationTimeout().toMillis()));
        ServerPool.passThrough(url, props, DRIVER_PARAMS);
        ServerPool.passDriverParams(url, props, PARAMS);
        String mode = url.hosts().size() > 1 ? "sequential:" : "";
        return new ServerPool.Target("jdbc:mariadb:" + mode + "//" + hosts + "/" + database, DRIVER, props);
    }

    private static void createDatabase(ServerPool.Target noDatabase, String database, StoreUrl url, MySqlDialect dialect,
                                       SQLException missing) {
        try (Connection c = ServerPool.unpooled(noDatabase).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + dialect.quote(database) + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw ServerPool.cannotCreate(database, url, dialect, missing, e, "Create it (CREATE DATABASE "
                    + dialect.quote(database) + " CHARACTER SET utf8mb4) or grant the user CREATE");
        }
    }
}
