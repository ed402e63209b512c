package dev.depot.jdbc.internal;

import dev.depot.StorageType;
import java.util.Map;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite (3.35 or newer, as bundled by sqlite-jdbc). Keys: {@code INT64} is an
 * {@code INTEGER PRIMARY KEY} (the rowid itself, compared as a signed number), {@code TEXT} is
 * {@code TEXT} with the {@code BINARY} collation (UTF-8 byte order, which is code point order),
 * {@code BINARY} is a {@code BLOB}. Values are {@code BLOB}, or {@code TEXT} for JSON so the
 * {@code sqlite3} shell shows it. sqlite-jdbc binds and reads strings with their byte length,
 * so text with U+0000 and supplementary characters round-trips and compares exactly
 * (checked by {@code SqliteStoreTest}).
 *
 * <p>Write transactions start with {@code BEGIN IMMEDIATE}: the write lock is taken before the
 * first read, so two read-modify-write transactions never both hold a read snapshot and then
 * fail to upgrade ({@code SQLITE_BUSY} without waiting); they queue on the busy timeout
 * instead. Plain reads run concurrently with writers (WAL).
 */
final class SqliteDialect extends SqlDialect {
    @Override
    public boolean singleWriter() {
        return true;
    }

    /** SQLITE_MAX_VARIABLE_NUMBER since SQLite 3.32. */
    private static final int MAX_PARAMETERS = 32766;

    // Primary result codes (the low byte of extended codes) that mean "not reachable now, retry":
    // another connection held the lock past the busy timeout, or the disk failed an I/O.
    // SQLITE_CANTOPEN is not among them: a path that cannot be opened (a folder, no permission)
    // is a setting to fix, not a wait.
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR = 10;

    SqliteDialect() {
        super("SQLite", "SELECT name FROM sqlite_master WHERE type = 'table'",
                MAX_PARAMETERS, Map.of(StorageType.INT64, "INTEGER", StorageType.TEXT, "TEXT COLLATE BINARY", StorageType.BINARY, "BLOB"),
                Map.of(StorageType.JSON, "TEXT", StorageType.BINARY, "BLOB"));
    }

    @Override
    public boolean caseInsensitiveTableNames() {
        return true;
    }

    /** {@code AUTOINCREMENT}: a number is never used twice, even after the highest rows were pruned. */
    @Override
    public String createChangeLog(String table) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (seq INTEGER PRIMARY KEY AUTOINCREMENT, map TEXT NOT NULL,"
                + " k BLOB, kind TEXT NOT NULL, origin TEXT NOT NULL)";
    }

    /** Nothing: {@code BEGIN IMMEDIATE} already serializes writers, and SQLite has no row locks. */
    @Override
    public String lockRowSuffix() {
        return "";
    }

    /** A passive checkpoint syncs the WAL (with {@code synchronous=NORMAL} commits are not synced one by one). */
    @Override
    public String flushStatement() {
        return "PRAGMA wal_checkpoint(PASSIVE)";
    }

    // The connection stays in JDBC auto-commit mode and the transaction is plain SQL: sqlite-jdbc
    // in manual-commit mode begins the next transaction right after commit(), which would hold
    // the write lock while the connection idles in the pool.
    @Override
    public void begin(Connection c) throws SQLException {
        exec(c, "BEGIN IMMEDIATE");
    }

    @Override
    public void commit(Connection c) throws SQLException {
        exec(c, "COMMIT");
    }

    @Override
    public void rollback(Connection c) throws SQLException {
        exec(c, "ROLLBACK");
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    protected boolean isUnavailableCause(SQLException e) {
        if (super.isUnavailableCause(e)) {
            return true;
        }
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_IOERR;
    }
}
