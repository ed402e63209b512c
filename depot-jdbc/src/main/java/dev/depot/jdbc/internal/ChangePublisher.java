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

    /**
     * True when {@link #fold} turns a single write statement into one statement that also
     * announces it; then a write that is one statement stays one round trip in auto-commit mode.
     * False when the announcement is a second statement, so such a write runs in a transaction.
     */
    boolean folds();

    /**
     * The write statement {@code write} ({@code INSERT}, {@code UPDATE} or {@code DELETE} of one
     * key) as a query that also announces the change when it touches a row: one result row per
     * row written, two more parameters after the write's own ({@link #bindFolded}). Only called
     * when {@link #folds()}.
     */
    String fold(String write);

    /** Binds the announcement parameters of a {@link #fold folded} statement from {@code index}. */
    void bindFolded(PreparedStatement ps, int index, String map, byte[] key, ChangeKind kind) throws SQLException;

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
