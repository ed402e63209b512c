package dev.depot.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.DriverDataSource;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.NoSuchStoreException;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.SettingValues;
import dev.depot.spi.StoreUrl;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * How the server databases (PostgreSQL, MySQL/MariaDB) connect: a JDBC URL and driver properties
 * made from a store URL, one HikariCP pool per store sized by {@link DepotConfig#maxConnections()},
 * and the checks shared by both providers.
 */
final class ServerPool {
    private ServerPool() {}

    /** What a provider hands to {@link #open}: the JDBC URL, driver class and properties (user and password included). */
    record Target(String jdbcUrl, String driverClass, Properties properties) {
        Target with(String jdbcUrl) {
            return new Target(jdbcUrl, driverClass, properties);
        }
    }

    /**
     * {@code url}, once checked: hierarchical ({@code form} says what it should look like), with
     * only {@code allowed} parameters and a valid {@code socketTimeout} in {@code socketTimeoutUnit}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static StoreUrl checkUrl(StoreUrl url, String form, Set<String> allowed, TimeUnit socketTimeoutUnit) {
        if (!url.hierarchical()) {
            throw new IllegalArgumentException(form + ", not " + url);
        }
        checkParams(url, allowed);
        checkSocketTimeout(url, socketTimeoutUnit);
        return url;
    }

    /** The JDBC host list of {@code url}: its hosts, {@code defaultPort} where one has none; {@code localhost} when it names none. */
    static String hosts(StoreUrl url, int defaultPort) {
        return url.hosts().isEmpty() ? "localhost:" + defaultPort
                : url.hosts().stream().map(h -> new StoreUrl.Host(h.host(), h.port() < 0 ? defaultPort : h.port()).toString())
                        .collect(Collectors.joining(","));
    }

    /** Driver properties holding the user and password of {@code url}, those it has. */
    static Properties credentials(StoreUrl url) {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        return props;
    }

    /**
     * Fails with {@link IllegalArgumentException} naming the parameter when the URL has one that
     * is not in {@code allowed}: a misspelt {@code sslmode} must not quietly leave TLS off.
     */
    static void checkParams(StoreUrl url, Set<String> allowed) {
        for (String p : url.params().keySet()) {
            if (!allowed.contains(p)) {
                throw new IllegalArgumentException("unknown parameter '" + p + "' in " + url + "; " + url.scheme()
                        + " URLs take " + new TreeSet<>(allowed));
            }
        }
    }

    /**
     * Checks the URL's {@code socketTimeout}, when present, before the driver sees it: a whole
     * number from 0 (no timeout: a hung server then blocks an operation until TCP gives up) to
     * one day in {@code unit}.
     */
    static void checkSocketTimeout(StoreUrl url, TimeUnit unit) {
        String v = url.params().get("socketTimeout");
        if (v == null) {
            return;
        }
        long max = unit.convert(1, TimeUnit.DAYS);
        try {
            // the driver reads the text itself, in its own unit: only the check is shared
            SettingValues.parseLong("socketTimeout", v, 0, max);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("socketTimeout is " + unit.name().toLowerCase(Locale.ROOT) + " from 0 (none) to "
                    + max + ", not '" + v + "', in " + url, e);
        }
    }

    /** The database name of a URL, checked to be quotable as an identifier. */
    static String database(StoreUrl url, String fallback) {
        String db = url.path().isEmpty() ? fallback : url.path();
        if (db.isEmpty() || db.length() > 63 || !db.matches("[A-Za-z0-9_$-]+")) {
            throw new IllegalArgumentException("the database name in " + url
                    + " must be 1 to 63 letters, digits, '_', '$' or '-', not '" + db + "'");
        }
        return db;
    }

    /**
     * Opens the pool. Its size is {@code maxConnections}, minus one when DDL has a direct
     * connection of its own, so the process never holds more connections than configured.
     *
     * @return the pool, or throws: {@link StoreUnavailableException} when the server cannot be
     *         reached, {@link DepotException} for other failures (bad password, no database);
     *         {@code missing} is consulted first and, when it says the database is missing,
     *         the {@link MissingDatabase} is thrown instead
     */
    static HikariDataSource open(String kind, Target target, DepotConfig config, boolean direct, SqlDialect dialect,
                                 StoreUrl url, java.util.function.Predicate<SQLException> missing) {
        HikariConfig hikari = hikari("depot-" + kind + "-" + config.prefix(), target, config, dialect,
                Math.max(1, config.maxConnections() - (direct ? 1 : 0)));
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof SQLException s && missing.test(s)) {
                throw new MissingDatabase(s);
            }
            String message = "cannot connect to " + url + ": " + cause.getMessage();
            // a TLS failure is a setting to fix, not an outage to wait out, whatever its SQLSTATE
            Optional<String> tls = SqlTls.forKind(kind).explain(cause, url);
            if (tls.isPresent()) {
                throw new DepotException("cannot connect to " + url + ": " + tls.get() + " (" + cause.getMessage() + ")", e);
            }
            if (cause instanceof SQLException s && dialect.isUnavailable(s)) {
                throw new StoreUnavailableException(message + "; retry when " + dialect.name() + " is reachable", e);
            }
            throw new DepotException(message, e);
        }
    }

    /**
     * Opens a pool of {@code maxConnections} to a read replica. Unlike {@link #open}, a replica
     * that cannot be reached does not fail the store: the pool starts empty and connects when a
     * read asks (reads meanwhile go to the primary).
     */
    static HikariDataSource openReplica(String kind, Target target, DepotConfig config, SqlDialect dialect) {
        HikariConfig hikari = hikari("depot-" + kind + "-replica-" + config.prefix(), target, config, dialect,
                config.maxConnections());
        hikari.setInitializationFailTimeout(-1);
        hikari.setMinimumIdle(0);
        return new HikariDataSource(hikari);
    }

    /** The pool settings every server pool shares. */
    private static HikariConfig hikari(String name, Target target, DepotConfig config, SqlDialect dialect, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setDriverClassName(target.driverClass());
        hikari.setJdbcUrl(target.jdbcUrl());
        hikari.setDataSourceProperties(target.properties());
        hikari.setPoolName(name);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(Math.min(2, size));
        // Waiting for a connection is part of an operation, so it stays within the operation's
        // bound; and no longer than connectTimeout, within which a new connection is made or
        // fails (the pool keeps trying in the background when a waiting operation gives up).
        long acquire = acquireTimeoutMillis(config);
        hikari.setConnectionTimeout(acquire);
        hikari.setValidationTimeout(Math.max(250, Math.min(5_000, acquire / 2)));
        hikari.setIdleTimeout(60_000);
        hikari.setKeepaliveTime(60_000);
        hikari.setMaxLifetime(30 * 60_000);
        if (dialect.poolIsolation() != null) {
            hikari.setTransactionIsolation(dialect.poolIsolation());
        }
        config.observer().configureClient(config.prefix(), hikari); // HikariCP's own metrics, when observed
        return hikari;
    }

    /**
     * How long an operation waits for a pooled connection: the smaller of
     * {@link DepotConfig#operationTimeout()} and {@link DepotConfig#connectTimeout()}, at least
     * HikariCP's floor of 250 ms.
     */
    static long acquireTimeoutMillis(DepotConfig config) {
        return Math.max(250, Math.min(config.operationTimeout().toMillis(), config.connectTimeout().toMillis()));
    }

    /**
     * Opens a pool with {@code open}. When the server says the database is missing
     * ({@link MissingDatabase}), creates it with {@code create} and opens with {@code reopen};
     * or, when the configuration only looks ({@code createIfMissing} false), fails with
     * {@link NoSuchStoreException} having created nothing.
     */
    static HikariDataSource openCreatingDatabase(String database, StoreUrl url, DepotConfig config,
                                                 Supplier<HikariDataSource> open, Consumer<SQLException> create,
                                                 Supplier<HikariDataSource> reopen) {
        try {
            return open.get();
        } catch (MissingDatabase missing) {
            if (!config.createIfMissing()) {
                throw new NoSuchStoreException("nothing is there: the database '" + database + "' does not exist in " + url);
            }
            create.accept(missing.sqlCause());
            return reopen.get();
        }
    }

    /**
     * The failure to create a missing database: {@link StoreUnavailableException} when the server
     * went away meanwhile, else a {@link DepotException} that names the database, the reason it
     * is missing ({@code missing}, kept as suppressed) and {@code fix}.
     */
    static RuntimeException cannotCreate(String database, StoreUrl url, SqlDialect dialect, SQLException missing,
                                         SQLException e, String fix) {
        if (dialect.isUnavailable(e)) {
            return new StoreUnavailableException("cannot create the database " + database + " for " + url + ": "
                    + e.getMessage() + "; retry when " + dialect.name() + " is reachable", e);
        }
        DepotException failure = new DepotException("the database " + database + " of " + url + " does not exist ("
                + missing.getMessage() + ") and Depot could not create it: " + e.getMessage() + ". " + fix, e);
        failure.addSuppressed(missing);
        return failure;
    }

    /**
     * A pool over the application's own {@code dataSource} ({@code Depot.open(config, dataSource)}):
     * at most {@code maxConnections} connections borrowed from it, none kept while idle (given
     * back after HikariCP's shortest idle time, 10 s), each set to the dialect's isolation and
     * auto-commit while Depot holds it. Closing the returned pool gives the connections back and
     * leaves {@code dataSource} open: HikariCP closes only a data source it made itself.
     */
    static HikariDataSource borrowed(String kind, DataSource dataSource, DepotConfig config, SqlDialect dialect) {
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(dataSource);
        hikari.setPoolName("depot-" + kind + "-borrowed-" + config.prefix());
        hikari.setMaximumPoolSize(config.maxConnections());
        hikari.setMinimumIdle(0);
        hikari.setIdleTimeout(10_000);
        hikari.setMaxLifetime(30 * 60_000);
        long acquire = acquireTimeoutMillis(config);
        hikari.setConnectionTimeout(acquire);
        hikari.setValidationTimeout(Math.max(250, Math.min(5_000, acquire / 2)));
        hikari.setInitializationFailTimeout(-1);
        if (dialect.poolIsolation() != null) {
            hikari.setTransactionIsolation(dialect.poolIsolation());
        }
        return new HikariDataSource(hikari);
    }

    /** An unpooled data source: one new connection per {@code getConnection()}. */
    static DataSource unpooled(Target target) {
        Properties props = new Properties();
        props.putAll(target.properties());
        return new DriverDataSource(target.jdbcUrl(), target.driverClass(), props, null, null);
    }

    /** Copies the allowed driver parameters of the URL into {@code props}, renaming where Depot's name differs. */
    static void passThrough(StoreUrl url, Properties props, Map<String, String> driverNames) {
        for (Map.Entry<String, String> e : url.params().entrySet()) {
            String driverName = driverNames.get(e.getKey());
            if (driverName != null) {
                props.setProperty(driverName, e.getValue());
            }
        }
    }

    /**
     * The parameters a URL may carry: {@code depotParams}, and for a {@code jdbc:} URL (see
     * {@link StoreUrl#jdbc()}) also every property the driver declares through
     * {@link java.sql.Driver#getPropertyInfo}, except {@code fixed} (properties Depot sets itself
     * and relies on) and {@code user}/{@code password} (already the URL's credentials). A
     * parameter neither knows stays an error, so a typo still fails.
     */
    static Set<String> allowedParams(StoreUrl url, Set<String> depotParams, String driverClass, String sampleJdbcUrl,
                                     Set<String> fixed) {
        if (!url.jdbc()) {
            return depotParams;
        }
        Set<String> allowed = new java.util.HashSet<>(depotParams);
        try {
            java.sql.Driver driver = (java.sql.Driver) Class.forName(driverClass).getDeclaredConstructor().newInstance();
            for (java.sql.DriverPropertyInfo info : driver.getPropertyInfo(sampleJdbcUrl, new Properties())) {
                allowed.add(info.name);
            }
        } catch (ReflectiveOperationException | SQLException e) {
            throw new IllegalStateException("cannot ask " + driverClass + " which properties it takes: " + e.getMessage(), e);
        }
        allowed.removeAll(fixed);
        allowed.removeAll(Set.of("user", "password"));
        for (String p : fixed) {
            if (url.params().containsKey(p)) {
                throw new IllegalArgumentException(p + " is set by Depot itself (its statements rely on it) and cannot be"
                        + " given in " + url);
            }
        }
        return Set.copyOf(allowed);
    }

    /**
     * For a {@code jdbc:} URL, copies its parameters that are not Depot's ({@code depotParams})
     * into the driver's properties as they are; {@link #allowedParams} has checked them.
     */
    static void passDriverParams(StoreUrl url, Properties props, Set<String> depotParams) {
        if (!url.jdbc()) {
            return;
        }
        url.params().forEach((name, value) -> {
            if (!depotParams.contains(name)) {
                props.setProperty(name, value);
            }
        });
    }

    /** Thrown by {@link #open} when the server says the database does not exist; the provider may create it. */
    static final class MissingDatabase extends RuntimeException {
        MissingDatabase(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        SQLException sqlCause() {
            return (SQLException) getCause();
        }
    }
}
