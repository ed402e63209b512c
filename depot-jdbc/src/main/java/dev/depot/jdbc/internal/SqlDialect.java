package dev.depot.jdbc.internal;

import dev.depot.StorageType;
import dev.depot.spi.RawMapSpec;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

/**
 * What differs between SQL databases, for {@link SqlStore} and {@link SqlRawMap}: column types,
 * identifier quoting, the upsert and insert-if-absent syntax, row locking, how keys and values
 * are bound and read, transactions, and which {@link SQLException}s mean "the store is not
 * reachable". The defaults are standard SQL as PostgreSQL and SQLite (3.24 or newer) speak it;
 * a dialect overrides what its database does differently.
 *
 * <p>Every table of a map has two columns, {@code k} (the primary key) and {@code v} (never
 * null). Identifiers passed to this class have passed Depot's name rules ({@code [A-Za-z0-9_]}),
 * so quoting cannot be escaped; data is always bound as parameters. Implementations are
 * stateless and thread-safe.
 *
 * <p>This class is long because it holds every statement form and binding rule the databases share,
 * each difference an override in a dialect.
 */
public abstract class SqlDialect {
    /** The key column's name. */
    public static final String KEY = "k";
    /** The value column's name. */
    public static final String VALUE = "v";

    private final String name;
    private final String listTables;
    private final int maxBindParameters;
    private final Map<StorageType, String> keyColumns;
    private final Map<StorageType, String> valueColumns;

    /**
     * What every dialect states rather than computes.
     *
     * @param name              the database's name for messages, e.g. {@code SQLite}
     * @param listTables        one statement returning the names of the tables visible to the store, one per row
     * @param maxBindParameters most bind parameters one statement may carry
     * @param keyColumns        the column type of keys by layout ({@code INT64}, {@code TEXT}, {@code BINARY})
     * @param valueColumns      the column type of values by layout ({@code BINARY}, {@code JSON})
     */
    protected SqlDialect(String name, String listTables, int maxBindParameters, Map<StorageType, String> keyColumns,
                         Map<StorageType, String> valueColumns) {
        this.name = name;
        this.listTables = listTables;
        this.maxBindParameters = maxBindParameters;
        this.keyColumns = Map.copyOf(keyColumns);
        this.valueColumns = Map.copyOf(valueColumns);
    }

    /**
     * Column type of keys laid out as {@code type} ({@code INT64}, {@code TEXT} or {@code BINARY}).
     *
     * @throws IllegalArgumentException for a layout keys cannot have
     */
    public final String keyColumnType(StorageType type) {
        return column(keyColumns, type, "key");
    }

    /**
     * Column type of values laid out as {@code type} ({@code BINARY} or {@code JSON}).
     *
     * @throws IllegalArgumentException for a layout values cannot have
     */
    public final String valueColumnType(StorageType type) {
        return column(valueColumns, type, "value");
    }

    private static String column(Map<StorageType, String> columns, StorageType type, String what) {
        String column = columns.get(type);
        if (column == null) {
            throw new IllegalArgumentException("no " + what + " column for " + type);
        }
        return column;
    }

    /** The database's name for messages, e.g. {@code SQLite}. */
    public final String name() {
        return name;
    }

    /** One statement returning the names of the tables visible to this store, one per row. */
    public final String listTables() {
        return listTables;
    }

    /** Most bind parameters one statement may carry. */
    public final int maxBindParameters() {
        return maxBindParameters;
    }

    /**
     * The condition "the stored value equals the bound value", with one placeholder. Equal means
     * equal bytes; a dialect whose value column is text may compare it as text.
     */
    public String valueEquals(StorageType valueType) {
        return quote(VALUE) + " = " + valueParam(valueType);
    }

    /**
     * The isolation level the pool sets on every connection, as HikariCP names it
     * ({@code TRANSACTION_READ_COMMITTED}), or null to keep the driver's default.
     */
    public String poolIsolation() {
        return null;
    }

    /**
     * True when the failure is a deadlock or serialization failure that the database resolved
     * by rolling back this transaction; the whole transaction is then run again.
     */
    public boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * A message telling the operator which server setting refused the statement (e.g. MySQL's
     * {@code max_allowed_packet}), or null when the failure is not such a limit.
     */
    public String limitExceeded(SQLException e) {
        return null;
    }

    /**
     * A message naming the server setting a statement binding {@code boundBytes} bytes would
     * exceed, checked before it is sent; null when it fits. Some servers drop the connection
     * instead of answering such a statement with an error.
     */
    public String tooLarge(long boundBytes) {
        return null;
    }

    /** Most bound bytes per multi-row upsert, so that big values do not make one huge statement. */
    public long maxStatementBytes() {
        return 16L << 20;
    }

    /** True when the database lets one transaction write at a time (SQLite): bulk writes are not run side by side. */
    public boolean singleWriter() {
        return false;
    }

    /** True when the database treats {@code Foo} and {@code foo} as the same table even when quoted. */
    public boolean caseInsensitiveTableNames() {
        return false;
    }

    /** The identifier quoted; it has passed the name rules, so it holds no quote character. */
    public String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /** {@code CREATE TABLE} for one map, doing nothing when the table exists. */
    public String createTable(String table, RawMapSpec spec) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (" + quote(KEY) + " " + keyColumnType(spec.keyType())
                + " PRIMARY KEY, " + quote(VALUE) + " " + valueColumnType(spec.valueType()) + " NOT NULL)";
    }

    /** {@code DROP TABLE}, doing nothing when the table is missing. */
    public String dropTable(String table) {
        return "DROP TABLE IF EXISTS " + quote(table);
    }

    /** Placeholder of a bound key; a dialect may wrap it in a cast. */
    public String keyParam(StorageType keyType) {
        return "?";
    }

    /** Placeholder of a bound value; a dialect may wrap it in a cast (e.g. {@code ?::jsonb}). */
    public String valueParam(StorageType valueType) {
        return "?";
    }

    /**
     * Inserts {@code rows} rows, overwriting the value of keys that exist. Bind order: key, value,
     * key, value... The rows of one statement never repeat a key.
     */
    public String upsert(String table, RawMapSpec spec, int rows) {
        return insertRows(table, spec, rows) + " ON CONFLICT (" + quote(KEY) + ") DO UPDATE SET " + quote(VALUE)
                + " = excluded." + quote(VALUE);
    }

    /** Inserts one row (key, value) unless the key exists; the update count says which happened. */
    public String insertIfAbsent(String table, RawMapSpec spec) {
        return insertRows(table, spec, 1) + " ON CONFLICT (" + quote(KEY) + ") DO NOTHING";
    }

    /** {@code INSERT INTO t (k, v) VALUES (?, ?), ...} for the dialects' upsert forms to extend. */
    protected String insertRows(String table, RawMapSpec spec, int rows) {
        String row = "(" + keyParam(spec.keyType()) + ", " + valueParam(spec.valueType()) + ")";
        StringBuilder sb = new StringBuilder(64 + rows * (row.length() + 2)).append("INSERT INTO ").append(quote(table))
                .append(" (").append(quote(KEY)).append(", ").append(quote(VALUE)).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ", ").append(row);
        }
        return sb.toString();
    }

    /**
     * A bulk upsert whose rows come as two bound arrays (keys, values) rather than one parameter
     * pair per row, or null when the database has none (then {@link #upsert} with many rows).
     * The arrays never repeat a key. Bound by {@link #bindKeyArray} and {@link #bindValueArray}.
     */
    public String arrayUpsert(String table, RawMapSpec spec) {
        return null;
    }

    /** Binds the keys of an {@link #arrayUpsert} as one array parameter. */
    public void bindKeyArray(PreparedStatement ps, int index, StorageType type, java.util.List<byte[]> keys) throws SQLException {
        throw new UnsupportedOperationException(name + " has no array upsert");
    }

    /** Binds the values of an {@link #arrayUpsert} as one array parameter. */
    public void bindValueArray(PreparedStatement ps, int index, StorageType type, java.util.List<byte[]> values)
            throws SQLException {
        throw new UnsupportedOperationException(name + " has no array upsert");
    }

    /**
     * Most rows of one multi-row {@link #upsert} in a bulk write; fewer when the bytes run out
     * ({@link #maxStatementBytes}). 500 by default: every dialect's parameter limit allows it.
     */
    public int maxRowsPerUpsert() {
        return 500;
    }

    /**
     * Appended to a {@code SELECT} of one row inside a write transaction, so the row stays
     * unchanged until the transaction ends; {@code FOR UPDATE} by default.
     */
    public String lockRowSuffix() {
        return " FOR UPDATE";
    }

    /**
     * How {@code put}, {@code replace(k, v)} and {@code remove(k)}, which return the previous
     * value, reach the database ({@link SqlRawMap}).
     */
    public enum PreviousValueWrites {
        /** A write transaction: a locked read, then the write; several round trips (SQLite, in process). */
        TRANSACTION,
        /** One statement: a locking read in a CTE and the write beside it (PostgreSQL). */
        ONE_STATEMENT,
        /** One multi-statement round trip holding the whole transaction (MariaDB/MySQL). */
        MULTI_STATEMENT
    }

    /** How this database runs writes that return the previous value; {@link PreviousValueWrites#TRANSACTION} by default. */
    public PreviousValueWrites previousValueWrites() {
        return PreviousValueWrites.TRANSACTION;
    }

    /** Removes every row of a table. {@code DELETE} keeps it transactional and free of table locks. */
    public String clear(String table) {
        return "DELETE FROM " + quote(table);
    }

    /** A statement that makes committed writes durable, run by {@code Store.flush()}; null when none is needed. */
    public String flushStatement() {
        return null;
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} of a prefix's change log ({@link ChangeLogPublisher}:
     * {@code seq} auto-increment key, {@code map}, {@code k} null for a clear, {@code kind},
     * {@code origin}); null when the database notifies listeners instead (PostgreSQL).
     */
    public String createChangeLog(String table) {
        return null;
    }

    /**
     * True when the pool's connections accept several statements in one prepared statement
     * ({@code ;}-separated, bound on the client), which {@link ChangeLogPublisher} uses to send a
     * write and its log row in one round trip.
     */
    public boolean multiStatements() {
        return false;
    }

    /** A query returning the current session's id on the server, for tests that kill it; null when there is none. */
    public String sessionQuery() {
        return null;
    }

    // ---- binding and reading ----

    /** Binds key bytes laid out as {@code type}. */
    public void bindKey(PreparedStatement ps, int index, StorageType type, byte[] key) throws SQLException {
        switch (type) {
            case INT64 -> ps.setLong(index, ByteBuffer.wrap(key).getLong());
            case TEXT -> ps.setString(index, new String(key, StandardCharsets.UTF_8));
            default -> ps.setBytes(index, key);
        }
    }

    /** Reads key bytes laid out as {@code type}; the array is new. */
    public byte[] readKey(ResultSet rs, int column, StorageType type) throws SQLException {
        return switch (type) {
            case INT64 -> ByteBuffer.allocate(Long.BYTES).putLong(rs.getLong(column)).array();
            case TEXT -> rs.getString(column).getBytes(StandardCharsets.UTF_8);
            default -> rs.getBytes(column);
        };
    }

    /** Binds value bytes laid out as {@code type}. */
    public void bindValue(PreparedStatement ps, int index, StorageType type, byte[] value) throws SQLException {
        if (type == StorageType.JSON) {
            ps.setString(index, new String(value, StandardCharsets.UTF_8));
        } else {
            ps.setBytes(index, value);
        }
    }

    /** Reads value bytes laid out as {@code type}; the array is new. */
    public byte[] readValue(ResultSet rs, int column, StorageType type) throws SQLException {
        if (type == StorageType.JSON) {
            return rs.getString(column).getBytes(StandardCharsets.UTF_8);
        }
        return rs.getBytes(column);
    }

    // ---- transactions ----

    /** Starts a write transaction on a connection in auto-commit mode. */
    public void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
    }

    /** Commits what {@link #begin} started and returns the connection to auto-commit mode. */
    public void commit(Connection c) throws SQLException {
        c.commit();
        c.setAutoCommit(true);
    }

    /** Rolls back what {@link #begin} started and returns the connection to auto-commit mode. */
    public void rollback(Connection c) throws SQLException {
        c.rollback();
        c.setAutoCommit(true);
    }

    // ---- errors ----

    /**
     * True when the failure is a timeout: a socket read that got no answer within the driver's
     * socket timeout, a statement timeout, or the pool's wait for a connection running out (a
     * server that stops answering takes the pool's connections with it). Looks at the whole cause
     * chain. Such a failure is also {@linkplain #isUnavailable unavailable}: the same operation
     * may succeed once the server answers again.
     */
    static boolean isTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
                return true;
            }
            // HikariCP's "Connection is not available, request timed out after 5000ms"
            if (t instanceof SQLTransientConnectionException && String.valueOf(t.getMessage()).contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the failure means the store cannot be reached (connection refused or lost, pool
     * exhausted, database busy beyond the timeout): callers get a retryable
     * {@code StoreUnavailableException}. Looks at the whole cause chain.
     */
    public boolean isUnavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && isUnavailableCause(s)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** One link of the chain; the default knows the JDBC exception types and SQLState class 08. */
    protected boolean isUnavailableCause(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException || (state != null && state.startsWith("08"));
    }
}
