package dev.depot.jdbc.internal;

import dev.depot.spi.ChangeKind;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PostgreSQL: each change is a {@code pg_notify(channel, payload)} in the write's transaction,
 * which the server delivers to the listeners ({@link NotifyFeed}) when, and only when, it commits.
 * A single write folds the notification into its own statement
 * ({@code WITH w AS (<write> RETURNING 1) SELECT pg_notify(?, ?) FROM w}), so it stays one round
 * trip and notifies only when a row was written; a batch notifies all its keys with one
 * {@code SELECT pg_notify(?, p) FROM unnest(?) p}.
 *
 * <p>The payload is text: {@code <kind> <map> <base64 key or -> <origin>}; keys are at most
 * {@link dev.depot.DepotConfig#MAX_KEY_BYTES} bytes and origins at most
 * {@link SqlStore#MAX_ORIGIN} characters, so it stays far below PostgreSQL's 8000-byte limit.
 * Immutable and thread-safe.
 */
final class NotifyPublisher implements ChangePublisher {
    private static final String NOTIFY_ALL = "SELECT pg_notify(?, p) FROM unnest(?) AS p";

    private final String channel;
    private final String origin;
    /** Write statement → the same with its notification folded in; a handful per map. */
    private final Map<String, String> folded = new ConcurrentHashMap<>();

    NotifyPublisher(String channel, String origin) {
        this.channel = channel;
        this.origin = origin;
    }

    /**
     * The channel of a prefix, {@code depot_<prefix>}: prefixes are {@code [A-Za-z0-9_]} and at
     * most 32 characters, so it is a valid identifier within PostgreSQL's 63 bytes.
     */
    static String channel(String prefix) {
        return "depot_" + prefix;
    }

    @Override
    public boolean folds() {
        return true;
    }

    @Override
    public int write(Connection c, String sql, Binder binder, String map, byte[] key, ChangeKind kind) throws SQLException {
        String announcing = folded.computeIfAbsent(sql, w -> "WITH w AS (" + w + " RETURNING 1) SELECT pg_notify(?, ?) FROM w");
        try (PreparedStatement ps = c.prepareStatement(announcing)) {
            int i = binder.bind(ps);
            ps.setString(i, channel);
            ps.setString(i + 1, payload(map, key, kind, origin));
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    @Override
    public void announce(Connection c, String map, List<byte[]> keys, ChangeKind kind) throws SQLException {
        String[] payloads = new String[keys.size()];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = payload(map, keys.get(i), kind, origin);
        }
        Array array = c.createArrayOf("text", payloads);
        try (PreparedStatement ps = c.prepareStatement(NOTIFY_ALL)) {
            ps.setString(1, channel);
            ps.setArray(2, array);
            ps.executeQuery().close();
        } finally {
            array.free();
        }
    }

    /** The channel this publisher notifies, for a statement that folds its own {@code pg_notify} in ({@link SqlRawMap}). */
    String channel() {
        return channel;
    }

    /** The payload of one change by this publisher's origin. */
    String payload(String map, byte[] key, ChangeKind kind) {
        return payload(map, key, kind, origin);
    }

    static String payload(String map, byte[] key, ChangeKind kind, String origin) {
        String k = key == null ? "-" : Base64.getEncoder().encodeToString(key);
        return ChangePublisher.code(kind) + " " + map + " " + k + " " + origin;
    }

    /** One notification parsed, or null when the payload is not Depot's. */
    record Change(ChangeKind kind, String map, byte[] key, String origin) {
        static Change parse(String payload) {
            String[] parts = payload.split(" ", 4);
            if (parts.length != 4) {
                return null;
            }
            ChangeKind kind = ChangePublisher.kind(parts[0]);
            if (kind == null) {
                return null;
            }
            try {
                byte[] key = parts[2].equals("-") ? null : Base64.getDecoder().decode(parts[2]);
                return new Change(kind, parts[1], key, parts[3]);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
