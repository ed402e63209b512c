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
 * others on in the order the server delivers them, which is commit order. When nothing arrived
 * for {@link #PING_MILLIS} it sends {@code SELECT 1}, so a dead or hung server is noticed within
 * the socket timeout even without traffic. Thread-safe (see {@link ReconnectingFeed}).
 */
final class NotifyFeed extends ReconnectingFeed {
    /** How long one wait for notifications lasts; also bounds how long {@link #close} waits. */
    private static final int WAIT_MILLIS = 250;
    /** Quiet time after which the connection is checked with a query. */
    private static final long PING_MILLIS = 5_000;

    private final String channel;
    private volatile long session;
    private long lastTraffic;

    NotifyFeed(DataSource source, String channel, String description, String origin) {
        super(source, "depot-changes-" + channel, description, origin);
        this.channel = channel;
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
        lastTraffic = System.nanoTime();
    }

    @Override
    protected void step(Connection c, ChangeSink sink) throws SQLException {
        PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
        if (notifications != null && notifications.length > 0) {
            lastTraffic = System.nanoTime();
            for (PGNotification n : notifications) {
                NotifyPublisher.Change change = channel.equals(n.getName()) ? NotifyPublisher.Change.parse(n.getParameter()) : null;
                if (change != null && !change.origin().equals(origin)) {
                    sink.changed(change.map(), change.key(), change.kind());
                }
            }
        } else if ((System.nanoTime() - lastTraffic) / 1_000_000 >= PING_MILLIS && !closed()) {
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
            }
            lastTraffic = System.nanoTime();
        }
    }

    /** The server process id of the listening session (for tests that terminate it); 0 before the first. */
    long session() {
        return session;
    }
}
