package dev.depot.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.depot.DepotConfig;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.Backoff;
import dev.depot.spi.ReadFrom;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreProvider;
import dev.depot.spi.StoreUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * {@code postgres://} and {@code postgresql://}:
 * {@code postgres://user:password@host[:port][,host[:port]...]/database[?param=value&...]}.
 *
 * <p>Also {@code jdbc:postgresql://host[:port]/database?user=U&password=P&...} (see
 * {@link StoreUrl#jdbc()}): there, a parameter Depot does not read is passed to pgjdbc as it is
 * when pgjdbc declares it ({@code Driver.getPropertyInfo}), and refused otherwise; pgjdbc's
 * {@code readOnly}, {@code readOnlyMode}, {@code autosave}, {@code replication} and
 * {@code preferQueryMode} are refused, as Depot's statements rely on their defaults.
 *
 * <p>One HikariCP pool of {@link DepotConfig#maxConnections()} connections. Parameters (anything
 * else is an error, so a misspelt {@code sslmode} cannot quietly leave TLS off):
 * {@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey}, {@code sslpassword},
 * {@code targetServerType} ({@code primary} with several hosts finds the writable one),
 * {@code loadBalanceHosts}, {@code applicationName}, {@code currentSchema}, {@code options},
 * {@code socketTimeout}, {@code tcpKeepAlive}, {@code channelBinding}, {@code gssEncMode}
 * (passed to pgjdbc), and Depot's own two, for PgBouncer in transaction mode:
 * {@code preparedStatements} ({@code false}: pgjdbc then sends every statement unnamed,
 * {@code prepareThreshold=0}, so no server-side prepared statement outlives its transaction) and
 * {@code directUrl} (a {@code postgres://} URL of the server itself, URL-encoded, that bypasses
 * the pooler for DDL). Both may also come from {@link DepotConfig#storeParams()} (the
 * {@code PREPARED_STATEMENTS} and {@code DEPOT_DIRECT_URL} variables), which the
 * {@link StoreContext}'s URL already carries; a parameter written in the URL wins.
 *
 * <p>Read replicas: {@code readFrom} ({@code primary}, the default, or {@code replicaPreferred}),
 * {@code replicaUrl} (a {@code postgres://} URL of the replica, URL-encoded; from
 * {@code REPLICA_DATABASE_URL} or the {@code REPLICA_DB_*} variables), {@code readYourWrites}
 * (a duration, 2 s by default, 0 for none) and {@code maxReplicaLag} (5 s by default, 0: not
 * checked). With {@code replicaPreferred} the store keeps a second pool, to the replica, for
 * plain reads; see {@link ReplicaReads}.
 *
 * <p>Timeouts: connecting has {@link DepotConfig#connectTimeout()}; each statement's wait for
 * the server has pgjdbc's {@code socketTimeout}, by default {@link DepotConfig#operationTimeout()}
 * rounded up to whole seconds (pgjdbc's unit), and the URL's {@code socketTimeout} (seconds, 0
 * for none) wins; waiting for a pooled connection has the smaller of {@code operationTimeout}
 * and {@code connectTimeout}. A server that stops answering so fails each operation with
 * {@link StoreUnavailableException}, and the pool drops the connections that timed out.
 *
 * <p>When the database does not exist, it is created ({@code CREATE DATABASE}) through the
 * maintenance database {@code postgres}; tables are created by {@link SqlStore}. With
 * {@code directUrl} set, both go through that URL, bypassing the pooler.
 */
public final class PostgresStoreProvider implements StoreProvider {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresStoreProvider.class);
    static final int DEFAULT_PORT = 5432;
    private static final String DRIVER = "org.postgresql.Driver";
    /** Depot's parameter name → pgjdbc's property name. */
    private static final Map<String, String> DRIVER_PARAMS = Map.ofEntries(
            Map.entry("sslmode", "sslmode"), Map.entry("sslrootcert", "sslrootcert"), Map.entry("sslcert", "sslcert"),
            Map.entry("sslkey", "sslkey"), Map.entry("sslpassword", "sslpassword"),
            Map.entry("targetServerType", "targetServerType"), Map.entry("loadBalanceHosts", "loadBalanceHosts"),
            Map.entry("applicationName", "ApplicationName"), Map.entry("currentSchema", "currentSchema"),
            Map.entry("options", "options"), Map.entry("socketTimeout", "socketTimeout"),
            Map.entry("tcpKeepAlive", "tcpKeepAlive"), Map.entry("channelBinding", "channelBinding"),
            Map.entry("gssEncMode", "gssEncMode"));
    static final Set<String> PARAMS = concat(DRIVER_PARAMS.keySet(), "preparedStatements", "directUrl", ReadFrom.PARAM,
            "replicaUrl", "readYourWrites", "maxReplicaLag", ChangeFeedSettings.POLL_INTERVAL, ChangeFeedSettings.RETENTION);
    /**
     * pgjdbc properties a {@code jdbc:postgresql:} URL may not set: Depot's statements need a
     * writable session and plain (not driver-emulated) savepoints and replication-free connections.
     */
    private static final Set<String> FIXED_DRIVER_PROPERTIES = Set.of("readOnly", "readOnlyMode", "autosave", "replication",
            "preferQueryMode");
    /**
     * How far behind a replica may be and still serve reads: a few seconds, as Mastodon (whose
     * operators set {@code REPLICA_DB_*}) stops reading a replica that lags by more.
     */
    static final java.time.Duration DEFAULT_MAX_REPLICA_LAG = java.time.Duration.ofSeconds(5);
    /**
     * How long a map's reads stay on the primary after this process wrote to it: Rails' default
     * for its automatic replica switching ({@code delay: 2.seconds}), which Mastodon operators
     * already run with; streaming replication on a healthy network lags by milliseconds, so 2 s
     * leaves room for bursts of writes and checkpoints.
     */
    static final java.time.Duration DEFAULT_READ_YOUR_WRITES = java.time.Duration.ofSeconds(2);
    /** SQLSTATE invalid_catalog_name: the database does not exist. */
    private static final String NO_DATABASE = "3D000";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public Set<String> schemes() {
        return Set.of("postgres", "postgresql");
    }

    @Override
    public boolean acceptsClient(Object client) {
        return client instanceof DataSource;
    }

    @Override
    public Store open(StoreContext context) {
        StoreUrl url = context.url();
        DepotConfig config = context.config();
        if (context.client() instanceof DataSource app) {
            return openBorrowed(app, context);
        }
        String database = check(url);
        ServerPool.Target main = target(url, database, config, url.booleanParam("preparedStatements", true));
        ServerPool.Target ddl = null;
        String directUrl = url.param("directUrl", "");
        if (!directUrl.isBlank()) {
            StoreUrl d = StoreUrl.parse(directUrl);
            if (!schemes().contains(d.scheme())) {
                throw new IllegalArgumentException("the direct URL of a PostgreSQL store must be postgres://, not " + d);
            }
            // the direct URL is PostgreSQL itself: Depot's pooler parameters mean nothing there
            ServerPool.checkParams(d, DRIVER_PARAMS.keySet());
            SqlTls.POSTGRES.check(d);
            ddl = target(d, d.path().isEmpty() ? database : check(d), config, true);
        }
        PostgresDialect dialect = new PostgresDialect();
        boolean direct = ddl != null;
        ServerPool.Target creator = direct ? ddl : main;
        HikariDataSource pool = ServerPool.openCreatingDatabase(database, url, config,
                () -> ServerPool.open("postgres", main, config, direct, dialect, url, PostgresStoreProvider::missingDatabase),
                missing -> createDatabase(creator, database, url, dialect, missing),
                () -> openAfterCreate(main, config, direct, dialect, url));
        ReplicaReads replica;
        try {
            replica = replica(url, database, config, dialect);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        SqlStore store = new SqlStore(dialect, pool, direct ? ServerPool.unpooled(ddl) : null, replica, context);
        store.offerChangeFeed(ChangeFeedSettings.of(listenSource(direct ? ddl : main), url));
        return store;
    }

    /**
     * The store over the application's own data source: no database creation, no pooler bypass,
     * no replica (their parameters are refused); the change feed's {@code LISTEN} holds one
     * connection of the application's pool while a listener or coherent cache needs it.
     */
    private static Store openBorrowed(DataSource app, StoreContext context) {
        StoreUrl url = context.url();
        for (String p : url.params().keySet()) {
            if (!p.equals(ChangeFeedSettings.POLL_INTERVAL) && !p.equals(ChangeFeedSettings.RETENTION)) {
                throw new IllegalArgumentException("the store parameter " + p + " does not apply to a store opened over the"
                        + " application's DataSource (" + url + "): configure the DataSource instead");
            }
        }
        PostgresDialect dialect = new PostgresDialect();
        HikariDataSource pool = ServerPool.borrowed("postgres", app, context.config(), dialect);
        SqlStore store = new SqlStore(dialect, pool, context);
        store.offerChangeFeed(ChangeFeedSettings.of(app, url));
        return store;
    }

    /**
     * Where the change feed's {@code LISTEN} connection goes: the direct URL when there is one
     * (a pooler in transaction mode cannot keep a {@code LISTEN}), else the store's URL; unpooled,
     * named {@code depot-changes} in {@code pg_stat_activity}.
     */
    private static DataSource listenSource(ServerPool.Target target) {
        Properties props = new Properties();
        props.putAll(target.properties());
        props.setProperty("ApplicationName", "depot-changes");
        return ServerPool.unpooled(new ServerPool.Target(target.jdbcUrl(), target.driverClass(), props));
    }

    /**
     * The replica plain reads go to with {@code readFrom=replicaPreferred}: {@code replicaUrl}
     * (a {@code postgres://} URL, URL-encoded; user and password default to the store URL's),
     * else, when the store URL lists several hosts, those hosts with
     * {@code targetServerType=preferSecondary} (a standby while there is one, else the
     * primary). Null with {@code readFrom=primary}.
     */
    private static ReplicaReads replica(StoreUrl url, String database, DepotConfig config, PostgresDialect dialect) {
        String replicaUrl = url.param("replicaUrl", "");
        java.time.Duration window = url.durationParam("readYourWrites", DEFAULT_READ_YOUR_WRITES, java.time.Duration.ZERO,
                java.time.Duration.ofHours(1));
        java.time.Duration maxLag = url.durationParam("maxReplicaLag", DEFAULT_MAX_REPLICA_LAG, java.time.Duration.ZERO,
                java.time.Duration.ofDays(1));
        boolean prepared = url.booleanParam("preparedStatements", true);
        if (ReadFrom.of(url) == ReadFrom.PRIMARY) {
            if (!replicaUrl.isBlank()) {
                LOG.info("A read replica is configured for {} but readFrom is primary: every read goes to the primary."
                        + " Set readFrom=replicaPreferred (DEPOT_READ_FROM) to read from it", url);
            }
            return null;
        }
        ServerPool.Target target;
        String description;
        if (!replicaUrl.isBlank()) {
            StoreUrl r = StoreUrl.parse(replicaUrl);
            if (!r.scheme().startsWith("postgres")) {
                throw new IllegalArgumentException("replicaUrl must be a postgres:// URL, not " + r);
            }
            ServerPool.checkParams(r, DRIVER_PARAMS.keySet());
            target = target(r, r.path().isEmpty() ? database : check(r), config, prepared);
            if (r.user() == null && url.user() != null) {
                target.properties().setProperty("user", url.user());
                if (url.password() != null) {
                    target.properties().setProperty("password", url.password());
                }
            }
            description = r.masked();
        } else if (url.hosts().size() > 1) {
            target = target(url, database, config, prepared);
            target.properties().setProperty("targetServerType", "preferSecondary");
            description = url.masked() + " (preferSecondary)";
        } else {
            throw new IllegalArgumentException("readFrom=replicaPreferred needs a replica: set replicaUrl (REPLICA_DATABASE_URL"
                    + " or REPLICA_DB_HOST...) or list the standbys in the URL (postgres://primary,standby/db), in " + url);
        }
        return new ReplicaReads(ServerPool.openReplica("postgres", target, config, dialect), description, window,
                config.connectTimeout(), maxLag);
    }

    /**
     * The server's "no such database" (3D000), or PgBouncer's: it reports a failed server login
     * as a protocol error (08P01) whose message says the database does not exist.
     */
    static boolean missingDatabase(SQLException e) {
        String state = e.getSQLState();
        return NO_DATABASE.equals(state) || (state != null && state.startsWith("08")
                && String.valueOf(e.getMessage()).matches("(?s).*database \".*\" does not exist.*"));
    }

    /**
     * Opens the pool once the database was created. A pooler that saw the failed login may
     * refuse connections for a while ({@code server_login_retry}, 15 s by default in PgBouncer),
     * so this retries, with backoff, for up to four connect timeouts.
     */
    private static HikariDataSource openAfterCreate(ServerPool.Target main, DepotConfig config, boolean direct,
                                                    PostgresDialect dialect, StoreUrl url) {
        return AFTER_CREATE_BACKOFF.retryFor(config.connectTimeout().multipliedBy(4), e -> e instanceof StoreUnavailableException,
                () -> ServerPool.open("postgres", main, config, direct, dialect, url, e -> false));
    }

    private static final Backoff AFTER_CREATE_BACKOFF = Backoff.exponential(java.time.Duration.ofMillis(100),
            java.time.Duration.ofSeconds(1));

    private static String check(StoreUrl url) {
        ServerPool.checkUrl(url, "a PostgreSQL store URL is postgres://user:password@host:port/database",
                ServerPool.allowedParams(url, PARAMS, DRIVER, "jdbc:postgresql://localhost/postgres", FIXED_DRIVER_PROPERTIES),
                TimeUnit.SECONDS);
        SqlTls.POSTGRES.check(url);
        return ServerPool.database(url, url.user() != null ? url.user() : "postgres");
    }

    /** The JDBC URL and pgjdbc properties for {@code url}, connecting to {@code database}. */
    static ServerPool.Target target(StoreUrl url, String database, DepotConfig config, boolean preparedStatements) {
        String hosts = ServerPool.hosts(url, DEFAULT_PORT);
        Properties props = ServerPool.credentials(url);
        props.setProperty("ApplicationName", "depot");
        long seconds = Math.max(1, (config.connectTimeout().toMillis() + 999) / 1000);
        props.setProperty("connectTimeout", Long.toString(seconds));
        props.setProperty("loginTimeout", Long.toString(seconds));
        props.setProperty("tcpKeepAlive", "true");
        // pgjdbc counts whole seconds: a sub-second operationTimeout becomes 1 s here.
        props.setProperty("socketTimeout", Long.toString(Math.max(1, (config.operationTimeout().toMillis() + 999) / 1000)));
        if (!preparedStatements) {
            props.setProperty("prepareThreshold", "0");
        }
        ServerPool.passThrough(url, props, DRIVER_PARAMS);
        ServerPool.passDriverParams(url, props, PARAMS);
        return new ServerPool.Target("jdbc:postgresql://" + hosts + "/" + database, DRIVER, props);
    }

    /** {@code CREATE DATABASE} through the maintenance database, tolerating a concurrent creator. */
    private static void createDatabase(ServerPool.Target via, String database, StoreUrl url, PostgresDialect dialect,
                                       SQLException missing) {
        String jdbc = via.jdbcUrl();
        DataSource maintenance = ServerPool.unpooled(via.with(jdbc.substring(0, jdbc.lastIndexOf('/') + 1) + "postgres"));
        try (Connection c = maintenance.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dialect.quote(database));
        } catch (SQLException e) {
            // 42P04 when the other creator committed first; 23505 (a unique violation on
            // pg_database's name index) when both got past the existence check at the same moment.
            if (DUPLICATE_DATABASE.equals(e.getSQLState()) || UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return;
            }
            throw ServerPool.cannotCreate(database, url, dialect, missing, e, "Create it (CREATE DATABASE "
                    + dialect.quote(database) + ") or let the user create databases (ALTER ROLE ... CREATEDB)");
        }
    }

    private static Set<String> concat(Set<String> a, String... more) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(java.util.List.of(more));
        return Set.copyOf(s);
    }
}
