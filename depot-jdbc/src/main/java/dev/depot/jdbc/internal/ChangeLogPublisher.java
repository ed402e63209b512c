package dev.depot.jdbc.internal;

import dev.depot.spi.ChangeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;

/**
 * MariaDB/MySQL and SQLite: each change is a row of the prefix's change log
 * ({@code <prefix>_depot_changes}: an auto-increment {@code seq}, {@code map}, {@code k},
 * {@code kind}, {@code origin}), inserted in the write's transaction as its last statement, so
 * the sequence number is taken just before the commit. {@link ChangeLogPoller} reads it. A batch
 * inserts its keys with multi-row {@code INSERT}s. Immutable and thread-safe.
 */
final class ChangeLogPublisher implements ChangePublisher {
    /** Rows per {@code INSERT}: 4 parameters each, far below every dialect's limit. */
    private static final int ROWS_PER_INSERT = 500;

    private final SqlDialect dialect;
    private final String table;
    private final String origin;

    ChangeLogPublisher(SqlDialect dialect, String table, String origin) {
        this.dialect = dialect;
        this.table = table;
        this.origin = origin;
    }

    @Override
    public boolean folds() {
        return false;
    }

    @Override
    public String fold(String write) {
        throw new UnsupportedOperationException("a change-log row is a statement of its own");
    }

    @Override
    public void bindFolded(PreparedStatement ps, int index, String map, byte[] key, ChangeKind kind) {
        throw new UnsupportedOperationException("a change-log row is a statement of its own");
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
