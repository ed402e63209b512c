package dev.depot.jdbc.internal;

import dev.depot.spi.ChangeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MariaDB/MySQL and SQLite: each change is a row of the prefix's change log
 * ({@code <prefix>_depot_changes}: an auto-increment {@code seq}, {@code map}, {@code k},
 * {@code kind}, {@code origin}), inserted in the write's transaction as its last statement, so
 * the sequence number is taken just before the commit. {@link ChangeLogPoller} reads it. A batch
 * inserts its keys with multi-row {@code INSERT}s.
 *
 * <p>On MariaDB/MySQL a single write and its log row go to the server as one multi-statement,
 * one round trip: {@code START TRANSACTION; <write>; INSERT ... SELECT ?, ?, ?, ? FROM DUAL WHERE
 * ROW_COUNT() > 0; COMMIT} (without the first and last inside a transaction), so the row is
 * written only when the write changed a row, and a write stays one round trip as without a feed.
 * A statement that fails stops the rest; the open transaction is then rolled back before the
 * connection goes back to the pool. Thread-safe.
 */
final class ChangeLogPublisher implements ChangePublisher {
    /** Rows per {@code INSERT}: 4 parameters each, far below every dialect's limit. */
    private static final int ROWS_PER_INSERT = 500;

    private final SqlDialect dialect;
    private final String table;
    private final String origin;
    private final boolean multiStatements;
    /** Write statement → write and log insert as one multi-statement, for auto-commit mode and inside a transaction. */
    private final Map<String, String> autoCommitted = new ConcurrentHashMap<>();
    private final Map<String, String> inTransaction = new ConcurrentHashMap<>();

    ChangeLogPublisher(SqlDialect dialect, String table, String origin) {
        this.dialect = dialect;
        this.table = table;
        this.origin = origin;
        this.multiStatements = dialect.multiStatements();
    }

    /** True on MariaDB/MySQL (see the class comment); SQLite runs the two statements in the caller's transaction. */
    @Override
    public boolean folds() {
        return multiStatements;
    }

    @Override
    public int write(Connection c, String sql, Binder binder, String map, byte[] key, ChangeKind kind) throws SQLException {
        if (!multiStatements) {
            return writeThenAnnounce(c, sql, binder, map, key, kind);
        }
        boolean alone = c.getAutoCommit();
        String statement = (alone ? autoCommitted : inTransaction).computeIfAbsent(sql, w -> {
            String both = w + "; INSERT INTO " + dialect.quote(table)
                    + " (map, k, kind, origin) SELECT ?, ?, ?, ? FROM DUAL WHERE ROW_COUNT() > 0";
            return alone ? "START TRANSACTION; " + both + "; COMMIT" : both;
        });
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            bindRow(ps, binder.bind(ps), map, key, ChangePublisher.code(kind), origin);
            ps.execute();
            if (alone) {
                ps.getMoreResults(); // past START TRANSACTION, to the write's count
            }
            int count = ps.getUpdateCount();
            // the log insert and the COMMIT: read to the end, so that their errors surface here
            while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
                // nothing to keep
            }
            return count;
        } catch (SQLException | RuntimeException e) {
            if (alone) {
                // a failed statement stops the rest: the transaction it opened must not go back to the pool
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * One log row of {@code key} inserted only when the statement just before it changed a row
     * ({@code ROW_COUNT() > 0}), for a multi-statement that carries its own announcement
     * ({@link SqlRawMap}); bound by {@link #bindLogRow}. MariaDB/MySQL only.
     */
    String logRowIfWritten() {
        return "INSERT INTO " + dialect.quote(table) + " (map, k, kind, origin) SELECT ?, ?, ?, ? FROM DUAL WHERE ROW_COUNT() > 0";
    }

    /** Binds {@link #logRowIfWritten} from {@code i}; returns the next parameter index. */
    int bindLogRow(PreparedStatement ps, int i, String map, byte[] key, ChangeKind kind) throws SQLException {
        return bindRow(ps, i, map, key, ChangePublisher.code(kind), origin);
    }

    @Override
    public void announce(Connection c, String map, List<byte[]> keys, ChangeKind kind) throws SQLException {
        for (int from = 0; from < keys.size(); from += ROWS_PER_INSERT) {
            List<byte[]> part = keys.subList(from, Math.min(keys.size(), from + ROWS_PER_INSERT));
            try (PreparedStatement ps = c.prepareStatement(insert(dialect, table, part.size()))) {
                int i = 1;
                for (byte[] key : part) {
                    i = bindRow(ps, i, map, key, ChangePublisher.code(kind), origin);
                }
                ps.executeUpdate();
            }
        }
    }

    /** {@code INSERT INTO <log> (map, k, kind, origin) VALUES (?, ?, ?, ?), ...}. */
    static String insert(SqlDialect dialect, String table, int rows) {
        return "INSERT INTO " + dialect.quote(table) + " (map, k, kind, origin) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?)"));
    }

    /** Binds one row of {@link #insert}; returns the next parameter index. */
    static int bindRow(PreparedStatement ps, int i, String map, byte[] key, String code, String origin) throws SQLException {
        ps.setString(i++, map);
        if (key == null) {
            ps.setNull(i++, Types.VARBINARY);
        } else {
            ps.setBytes(i++, key);
        }
        ps.setString(i++, code);
        ps.setString(i++, origin);
        return i;
    }
}
