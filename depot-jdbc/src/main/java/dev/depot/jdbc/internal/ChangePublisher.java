package dev.depot.jdbc.internal;

import dev.depot.spi.ChangeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * How a SQL store announces the writes of its maps once {@code Store.changeFeed} was called:
 * PostgreSQL's {@code pg_notify} ({@link NotifyPublisher}) or a change-log table
 * ({@link ChangeLogPublisher}). Every announcement runs on the write's connection inside the
 * write's transaction (or, folded, inside the write's own statement), so it commits or rolls back
 * with the write. Stateless once built; thread-safe.
 */
interface ChangePublisher {

    /** Binds a statement's parameters; returns the next free index. */
    @FunctionalInterface
    interface Binder {
        int bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * True when {@link #write} announces a single write within the write's own round trip and
     * transaction, so the caller may run it in auto-commit mode. False when the announcement is a
     * second statement, so the caller runs such a write in a transaction.
     */
    boolean folds();

    /**
     * Runs the write {@code sql} of one key ({@code INSERT}, {@code UPDATE} or {@code DELETE},
     * parameters bound by {@code binder}) and, when it wrote a row, announces {@code kind} of
     * {@code key}; returns how many rows it wrote.
     */
    int write(Connection c, String sql, Binder binder, String map, byte[] key, ChangeKind kind) throws SQLException;

    /** {@link #write} as two statements: the write, then {@link #announce} when it wrote a row. */
    default int writeThenAnnounce(Connection c, String sql, Binder binder, String map, byte[] key, ChangeKind kind)
            throws SQLException {
        int count;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            count = ps.executeUpdate();
        }
        if (count > 0) {
            announce(c, map, java.util.List.of(key), kind);
        }
        return count;
    }

    /**
     * Announces that {@code keys} of {@code map} changed, as one statement (or few, for a big
     * batch) on {@code c}, inside the caller's transaction. For {@link ChangeKind#CLEAR}
     * {@code keys} is a list holding one null.
     */
    void announce(Connection c, String map, List<byte[]> keys, ChangeKind kind) throws SQLException;

    /** The one-letter code of a kind in a payload or log row. */
    static String code(ChangeKind kind) {
        return switch (kind) {
            case PUT -> "P";
            case REMOVE -> "R";
            case CLEAR -> "C";
        };
    }

    /** The kind of a one-letter code; null for a code that is no change (e.g. a log-pruning marker). */
    static ChangeKind kind(String code) {
        return switch (code) {
            case "P" -> ChangeKind.PUT;
            case "R" -> ChangeKind.REMOVE;
            case "C" -> ChangeKind.CLEAR;
            default -> null;
        };
    }
}
