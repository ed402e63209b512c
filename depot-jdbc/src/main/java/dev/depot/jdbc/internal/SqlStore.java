package dev.depot.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.depot.DepotException;
import dev.depot.NoSuchStoreException;
import dev.depot.StorageType;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.Backoff;
import dev.depot.spi.ChangeFeed;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * A SQL database as a Depot store, for one prefix: a connection pool, the tables of the
 * prefix's maps ({@code <prefix>_<map>}) and its metadata table ({@code <prefix>_depot_meta}).
 * What differs between databases is in the {@link SqlDialect}.
 *
 * <p>This class is long because it owns the store's whole life on one pool: opening (table
 * listing, prefix guard), DDL through the direct connection, metadata, and closing.
 *
 * <p>The names of the existing tables are read once, when the store opens, so opening many
 * existing maps costs no DDL round trips; {@code CREATE TABLE IF NOT EXISTS} runs only for
 * tables not seen yet.
 *
 * <p>DDL ({@code CREATE TABLE}, {@code DROP TABLE}) goes through the optional direct data source
 * when there is one: behind a pooler such as PgBouncer, schema changes go straight to the server,
 * as operators do. Direct connections are opened for one DDL statement at a time and closed at
 * once; the provider sizes the pool one smaller so the process stays within its connection
 * budget. Thread-safe.
 */
public final class SqlStore implements Store {
    private final SqlDialect dialect;
    private final HikariDataSource pool;
    /** Where DDL goes, bypassing a pooler; null to use the pool. */
    private final DataSource direct;
    /** One direct connection at a time. */
    private final ReentrantLock directLock = new ReentrantLock();
    private final String prefix;
    private final String description;
    private final RawMap meta;
    /** Where plain reads may go ({@code readFrom=replicaPreferred}); null when every read goes to the pool. */
    private final ReplicaReads replica;
    /** Tables known to exist: normalized name (lower case where the database ignores case) → actual name. */
    private final Map<String, String> tables = new ConcurrentHashMap<>();
    /** Where a change feed connects, and its settings; null when the provider offers none. */
    private volatile ChangeFeedSettings feedSettings;
    /** How writes are announced once {@link #changeFeed} was called; null before (writes as without a feed). */
    private volatile ChangePublisher changes;
    private volatile ReconnectingFeed feed;

    /**
     * Takes ownership of the pool (closed with the store, and here if opening fails), reads the
     * table names and creates the metadata table when missing.
     *
     * @throws StoreUnavailableException when the database cannot be reached
     */
    public SqlStore(SqlDialect dialect, HikariDataSource pool, StoreContext context) {
        this(dialect, pool, null, context);
    }

    /**
     * Like {@link #SqlStore(SqlDialect, HikariDataSource, StoreContext)}, running DDL through
     * {@code direct} (unpooled, bypassing a pooler) when it is not null.
     */
    public SqlStore(SqlDialect dialect, HikariDataSource pool, DataSource direct, StoreContext context) {
        this(dialect, pool, direct, null, context);
    }

    /**
     * Like {@link #SqlStore(SqlDialect, HikariDataSource, DataSource, StoreContext)}, sending the
     * plain reads of its maps (not of the metadata) to {@code replica} when it is not null; the
     * store owns and closes it.
     */
    SqlStore(SqlDialect dialect, HikariDataSource pool, DataSource direct, ReplicaReads replica, StoreContext context) {
        this.dialect = dialect;
        this.replica = replica;
        this.pool = pool;
        this.direct = direct;
        this.prefix = context.prefix();
        this.description = context.url().masked();
        try {
            withConnection("list the tables", StoreNames.META, c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.listTables())) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        tables.putIfAbsent(normalize(name), name);
                    }
                }
                return null;
            });
            refuseOverlappingPrefixes();
            if (!context.config().createIfMissing() && !tables.containsKey(normalize(table(StoreNames.META)))) {
                throw new NoSuchStoreException("nothing is there: " + description + " holds no maps of prefix '" + prefix
                        + "' (no table " + table(StoreNames.META) + "). Check the URL and the prefix");
            }
            this.meta = open(new RawMapSpec(StoreNames.META, StorageType.TEXT, StorageType.BINARY));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Tables are {@code <prefix>_<map>}, so prefixes {@code a} and {@code a_b} could both name the
     * table {@code a_b_c} (map {@code b_c} of one, map {@code c} of the other) and mix their data.
     * Such a pair of prefixes is refused in one database; other prefixes, found by their
     * metadata tables, are fine side by side.
     */
    private void refuseOverlappingPrefixes() {
        String suffix = "_" + StoreNames.META;
        for (String table : tables.values()) {
            if (!table.endsWith(suffix)) {
                continue;
            }
            String other = table.substring(0, table.length() - suffix.length());
            if (!other.equals(prefix) && (prefix.startsWith(other + "_") || other.startsWith(prefix + "_"))) {
                throw new IllegalArgumentException("prefix '" + prefix + "' cannot be used in " + description
                        + " next to the prefix '" + other + "': table names are <prefix>_<map>, so the two could name the"
                        + " same table. Choose a prefix that is not another prefix followed by '_' (or the other way round)");
            }
        }
    }

    /** Half the pool, at most 4, so bulk writes side by side leave connections to readers; 1 for SQLite. */
    @Override
    public int bulkWriteConcurrency() {
        return dialect.singleWriter() ? 1 : Math.max(1, Math.min(4, pool.getMaximumPoolSize() / 2));
    }

    SqlDialect dialect() {
        return dialect;
    }

    @Override
    public String description() {
        return description;
    }

    /** The table of a map: {@code <prefix>_<name>}, from names that passed the name rules. */
    String table(String name) {
        return prefix + "_" + name;
    }

    @Override
    public RawMap open(RawMapSpec spec) {
        String table = table(spec.name());
        String known = tables.get(normalize(table));
        if (known != null && !known.equals(table)) {
            throw new DepotException("map '" + spec.name() + "' cannot have the table " + table + " in " + description
                    + ": the table " + known + " exists and " + dialect.name()
                    + " does not tell table names apart by case. Use a map name that differs in more than case");
        }
        if (known == null) {
            withDdlConnection("create the table", spec.name(), c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(dialect.createTable(table, spec));
                }
                return null;
            });
            tables.put(normalize(table), table);
        }
        return new SqlRawMap(this, spec, table);
    }

    @Override
    public RawMap metadata() {
        return meta;
    }

    @Override
    public void drop(String name) {
        String table = table(name);
        withDdlConnection("drop the table", name, c -> {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.dropTable(table));
            }
            return null;
        });
        tables.remove(normalize(table));
    }

    @Override
    public void flush() {
        String sql = dialect.flushStatement();
        if (sql != null && !pool.isClosed()) {
            withConnection("flush", StoreNames.META, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.execute();
                }
                return null;
            });
        }
    }

    /** The longest origin {@link #changeFeed} accepts, so a notification or log row always fits. */
    static final int MAX_ORIGIN = 200;
    /** The change log's map name: its table is {@code <prefix>_depot_changes} (reserved, like the metadata's). */
    static final String CHANGES = StoreNames.RESERVED + "changes";

    /** Where and how this store's change feed listens; called once by the provider, right after opening. */
    void offerChangeFeed(ChangeFeedSettings settings) {
        this.feedSettings = settings;
    }

    /**
     * PostgreSQL: {@code pg_notify} in each write's transaction and {@code LISTEN} on a dedicated
     * connection ({@link NotifyFeed}). MariaDB/MySQL and SQLite: a change-log table written in each
     * write's transaction and polled ({@link ChangeLogPoller}); the table is created here.
     *
     * @throws IllegalStateException    when called a second time
     * @throws IllegalArgumentException when {@code origin} is blank or longer than {@value #MAX_ORIGIN} characters
     */
    @Override
    public synchronized java.util.Optional<ChangeFeed> changeFeed(String origin) {
        java.util.Objects.requireNonNull(origin, "origin");
        ChangeFeedSettings settings = feedSettings;
        if (settings == null) {
            return java.util.Optional.empty();
        }
        if (changes != null) {
            throw new IllegalStateException("the change feed of " + description + " was set up already");
        }
        if (origin.isBlank() || origin.length() > MAX_ORIGIN) {
            throw new IllegalArgumentException("a change feed origin has 1 to " + MAX_ORIGIN + " characters, not "
                    + origin.length());
        }
        String logDdl = dialect.createChangeLog(table(CHANGES));
        ReconnectingFeed f;
        ChangePublisher p;
        if (logDdl == null) {
            String channel = NotifyPublisher.channel(prefix);
            p = new NotifyPublisher(channel, origin);
            f = new NotifyFeed(settings.source(), pool, channel, description, origin);
        } else {
            withDdlConnection("create the change log", CHANGES, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(logDdl);
                }
                return null;
            });
            p = new ChangeLogPublisher(dialect, table(CHANGES), origin);
            f = new ChangeLogPoller(settings.source(), dialect, table(CHANGES), description, origin,
                    settings.pollInterval(), settings.retention());
        }
        this.feed = f;
        this.changes = p;
        return java.util.Optional.of(f);
    }

    /** How writes of maps opened from now on are announced, or null. */
    ChangePublisher changes() {
        return changes;
    }

    /** The feed set up by {@link #changeFeed}, or null. */
    ReconnectingFeed feed() {
        return feed;
    }

    @Override
    public void close() {
        ReconnectingFeed f = feed;
        if (f != null) {
            f.close();
        }
        try {
            pool.close();
        } finally {
            if (replica != null) {
                replica.close();
            }
        }
    }

    /** The replica plain reads may go to, or null. */
    ReplicaReads replica() {
        return replica;
    }

    @Override
    public String toString() {
        return "SqlStore[" + description + ", prefix=" + prefix + "]";
    }

    private String normalize(String table) {
        return dialect.caseInsensitiveTableNames() ? table.toLowerCase(Locale.ROOT) : table;
    }

    // ---- running statements ----

    /** Work on one pooled connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode; {@code what} and {@code map} go into error messages. */
    <T> T withConnection(String what, String map, SqlWork<T> work) {
        long start = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(what, map, e, start);
        }
    }

    /**
     * Runs the plain read {@code work} on the replica when there is one, it is usable, and
     * {@code onPrimary} is false (the caller's map was written within the read-your-writes
     * window); else, or when the replica read fails, on the primary like {@link #withConnection}.
     */
    <T> T withReadConnection(String what, String map, boolean onPrimary, SqlWork<T> work) {
        if (replica != null && !onPrimary && replica.usable()) {
            try {
                return replica.run(work);
            } catch (SQLException e) {
                replica.failed(e, SqlDialect.isTimeout(e) || dialect.isUnavailable(e));
            }
        }
        return withConnection(what, map, work);
    }

    /** Runs DDL on a direct connection when the store has a direct data source, else on a pooled one. */
    <T> T withDdlConnection(String what, String map, SqlWork<T> ddl) {
        SqlWork<T> work = c -> runTolerantOfConcurrentCreate(c, ddl);
        if (direct == null) {
            return withConnection(what, map, work);
        }
        long start = System.nanoTime();
        directLock.lock();
        try (Connection c = direct.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(what + " (through the direct URL)", map, e, start);
        } finally {
            directLock.unlock();
        }
    }

    /**
     * Runs DDL, and once more when it lost a race with another process creating the same object:
     * PostgreSQL's {@code CREATE ... IF NOT EXISTS} checks for the name first and then inserts it
     * into the catalog, so two sessions past the check at once make one fail on a catalog unique
     * index ({@code 23505}) or as a duplicate ({@code 42P07}, {@code 42710}). The second run sees
     * the object and does nothing; web workers started together on a fresh database all open.
     */
    private static <T> T runTolerantOfConcurrentCreate(Connection c, SqlWork<T> ddl) throws SQLException {
        try {
            return ddl.run(c);
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (!"23505".equals(state) && !"42P07".equals(state) && !"42710".equals(state)) {
                throw e;
            }
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return ddl.run(c);
        }
    }

    /** How often a transaction the database rolled back for a deadlock or serialization failure is run. */
    private static final int ATTEMPTS = 5;
    /**
     * The wait before running a deadlock victim again: short, since the winner holds its locks
     * for one statement or batch, and jittered, so two victims of the same deadlock do not meet
     * again at once.
     */
    private static final Backoff DEADLOCK_BACKOFF = Backoff.exponential(java.time.Duration.ofMillis(5),
            java.time.Duration.ofMillis(100));

    /**
     * How many group-commit rounds of one map may be in flight at once ({@link GroupCommit}): one
     * per pooled connection, or one where the database writes one transaction at a time.
     */
    int writeLanes() {
        return dialect.singleWriter() ? 1 : Math.max(1, pool.getMaximumPoolSize());
    }

    /**
     * Runs {@code work} in one write transaction ({@link SqlDialect#begin}); commits when it
     * returns, rolls back when it throws. A connection whose rollback fails is evicted from the
     * pool rather than handed out again in an unknown transaction state. A transaction the
     * database chose as a deadlock victim ({@link SqlDialect#isRetryable}) runs again after a
     * short backoff, up to {@value #ATTEMPTS} times: it wrote nothing, and {@code work} reads
     * before it writes.
     */
    <T> T inTransaction(String what, String map, SqlWork<T> work) {
        long start = System.nanoTime();
        try {
            return DEADLOCK_BACKOFF.retry(ATTEMPTS, e -> e instanceof SQLException s && dialect.isRetryable(s),
                    () -> transactionOnce(work));
        } catch (SQLException e) {
            throw translate(what, map, e, start);
        }
    }

    private <T> T transactionOnce(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            dialect.begin(c);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException | Error e) {
                abort(c, e);
                throw e;
            }
            try {
                dialect.commit(c);
            } catch (SQLException e) {
                abort(c, e);
                throw e;
            }
            return result;
        }
    }

    private void abort(Connection c, Throwable failure) {
        try {
            dialect.rollback(c);
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            pool.evictConnection(c);
        }
    }

    /**
     * The exception callers see: {@link StoreUnavailableException} when the store is unreachable
     * or did not answer in time, else {@link DepotException}.
     *
     * @param start {@link System#nanoTime()} when the operation began, for the time a timeout took
     */
    DepotException translate(String what, String map, SQLException e, long start) {
        String where = "map '" + map + "' (table " + table(map) + ") of " + description;
        String limit = dialect.limitExceeded(e);
        if (limit != null) {
            return new DepotException("cannot " + what + " in " + where + ": " + limit, e);
        }
        if (SqlDialect.isTimeout(e)) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new StoreUnavailableException("cannot " + what + " in " + where + ": " + dialect.name()
                    + " did not answer in time, the operation timed out after " + ms + " ms (" + e.getMessage()
                    + "); retry when it answers again", e);
        }
        if (dialect.isUnavailable(e)) {
            return new StoreUnavailableException("cannot " + what + " in " + where + ": " + dialect.name()
                    + " is not reachable or busy (" + e.getMessage() + "); retry when it is back", e);
        }
        return new DepotException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
    }
}
