package dev.depot.jdbc.internal;

import dev.depot.spi.ChangeSink;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's change feed: {@code LISTEN} on one dedicated connection per store (per
 * {@code Depot}), opened through the direct URL when there is one, since a pooler in transaction
 * mode hands each transaction to any server session and a {@code LISTEN} would not stay with
 * this client. A daemon thread waits for notifications with pgjdbc's
 * {@link PGConnection#getNotifications(int)}, drops those of its own origin and passes the
 * others on in the order the server delivers them, which is commit order.
 *
 * <p>Design note: the heartbeat is a notification, not a query. Right after {@code LISTEN}, and
 * whenever nothing arrived for {@link #PING_MILLIS}, the feed sends a {@code pg_notify} on the
 * channel through the store's pool, the way writes announce themselves, and expects it back
 * within {@link #ECHO_MILLIS}. Not through the listening session: PostgreSQL hands a session its
 * own notifications before the end of the very statement, which a pooler forwards, so that echo
 * would pass where other sessions' notifications are lost. A dead or hung server fails the
 * query; a session that stopped listening without an error — behind a pooler in transaction
 * mode (PgBouncer without {@code directUrl}), the {@code LISTEN} stays on a server session the
 * client is no longer linked to, and notifications are lost in silence — fails the echo. Either
 * way the sink hears {@code disconnected}, so caches fall back to their short TTL instead of
 * serving stale values. Thread-safe (see {@link ReconnectingFeed}).
 */
final class NotifyFeed extends ReconnectingFeed {
    /** How long one wait for notifications lasts; also bounds how long {@link #close} waits. */
    private static final int WAIT_MILLIS = 250;
    /** Quiet time after which the feed checks, with a notification to itself, that it still hears the channel. */
    private static final long PING_MILLIS = 5_000;
    /** How long that notification may take to come back (generous: loaded machines, a busy server). */
    private static final long ECHO_MILLIS = 5_000;

    private final String channel;
    /** Where heartbeats are sent from: the store's pool. */
    private final DataSource writes;
    private volatile long session;
    private long lastTraffic;
    private long pings;
    /** The payload of the heartbeat awaited, or null; and when it was sent. */
    private String awaited;
    private long sentAt;

    NotifyFeed(DataSource source, DataSource writes, String channel, String description, String origin) {
        super(source, "depot-changes-" + channel, description, origin);
        this.channel = channel;
        this.writes = writes;
    }

    @Override
    protected void listen(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // the channel is depot_<prefix>, [A-Za-z0-9_] only; quoted so that case is kept
            s.execute("LISTEN \"" + channel + "\"");
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                session = rs.getLong(1);
            }
        }
        ping();
        // Heard before the sink is told it is connected: changes in this window count as missed,
        // which connected() implies anyway (the core flushes its caches).
        while (awaited != null) {
            PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
            for (PGNotification n : notifications == null ? new PGNotification[0] : notifications) {
                if (n.getParameter().equals(awaited)) {
                    awaited = null;
                }
            }
            checkEcho();
        }
        lastTraffic = System.nanoTime();
    }

    /** Sends the heartbeat notification from a pooled session. */
    private void ping() throws SQLException {
        awaited = "ping " + origin + " " + (++pings);
        sentAt = System.nanoTime();
        try (Connection c = writes.getConnection(); var s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, channel);
            s.setString(2, awaited);
            s.executeQuery().close();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private void checkEcho() throws SQLException {
        if (awaited != null && (System.nanoTime() - sentAt) / 1_000_000 > ECHO_MILLIS) {
            awaited = null;
            throw new SQLException("a notification sent on " + channel + " did not come back to the listening session within "
                    + ECHO_MILLIS + " ms: the session no longer hears the channel. If a pooler in transaction mode (PgBouncer)"
                    + " sits between Depot and PostgreSQL, set directUrl to the server itself", "08006");
        }
    }

    @Override
    protected void step(Connection c, ChangeSink sink) throws SQLException {
        PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
        if (notifications != null && notifications.length > 0) {
            lastTraffic = System.nanoTime();
            for (PGNotification n : notifications) {
                if (n.getParameter().equals(awaited)) {
                    awaited = null;
                    continue;
                }
                NotifyPublisher.Change change = channel.equals(n.getName()) ? NotifyPublisher.Change.parse(n.getParameter()) : null;
                if (change != null && !change.origin().equals(origin)) {
                    sink.changed(change.map(), change.key(), change.kind());
                }
            }
        } else if (awaited == null && (System.nanoTime() - lastTraffic) / 1_000_000 >= PING_MILLIS && !closed()) {
            ping();
            lastTraffic = System.nanoTime();
        }
        checkEcho();
    }

    /** The server process id of the listening session (for tests that terminate it); 0 before the first. */
    long session() {
        return session;
    }
}
