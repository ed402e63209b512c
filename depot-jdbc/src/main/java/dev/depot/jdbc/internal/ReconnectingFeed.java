package dev.depot.jdbc.internal;

import dev.depot.spi.Backoff;
import dev.depot.spi.ChangeFeed;
import dev.depot.spi.ChangeSink;
import dev.depot.spi.SecretMasker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a SQL change feed on one dedicated connection (not from the store's pool): the
 * first connection attempt in {@link #start}, then a daemon thread that runs {@link #step} over
 * and over. When opening or a step fails, the connection is dropped, the sink hears
 * {@link ChangeSink#disconnected} once, and the thread reconnects with {@link #BACKOFF} until it
 * can call {@link ChangeSink#connected} again. Subclasses say how to listen ({@link #listen}) and
 * what one step does (wait for notifications, or poll a log table).
 *
 * <p>Thread-safe: {@link #start} and {@link #close} may come from any thread; everything else
 * runs on the feed's own thread (and, for the first attempt, the starting one, before the thread
 * exists).
 */
abstract class ReconnectingFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingFeed.class);
    /** Reconnection waits: quick at first (a killed session comes back at once), at most 5 s. */
    static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(50), Duration.ofSeconds(5));

    private final DataSource source;
    private final String name;
    /** What the store is, for log lines and reasons (the URL masked). */
    protected final String description;
    protected final String origin;
    private ChangeSink sink;
    /** The listening connection; null while down. Written by the feed thread (and the first attempt), closed by {@link #close}. */
    private volatile Connection connection;
    private volatile boolean closed;
    private Thread thread;

    ReconnectingFeed(DataSource source, String name, String description, String origin) {
        this.source = source;
        this.name = name;
        this.description = description;
        this.origin = origin;
    }

    /** Prepares a new connection for {@link #step}s (e.g. {@code LISTEN}); called after every (re)connect. */
    protected abstract void listen(Connection c) throws SQLException;

    /**
     * Waits a little for changes and hands them to {@code sink}; returns to be called again.
     * Throws when the connection failed.
     */
    protected abstract void step(Connection c, ChangeSink sink) throws SQLException;

    @Override
    public final synchronized void start(ChangeSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("the change feed of " + description + " was started already");
        }
        this.sink = sink;
        boolean up = connect();
        thread = new Thread(() -> run(up), name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens and prepares a connection and tells the sink; on failure tells it that it is down. */
    private boolean connect() {
        Connection c = null;
        try {
            c = source.getConnection();
            listen(c);
            connection = c;
            sink.connected();
            return true;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            down(e);
            return false;
        }
    }

    private void run(boolean up) {
        int failures = up ? 0 : 1;
        while (!closed) {
            if (connection == null) {
                try {
                    Thread.sleep(BACKOFF.delay(failures));
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                if (!reconnect()) {
                    failures++;
                    continue;
                }
                failures = 0;
            }
            try {
                step(connection, sink);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                closeQuietly(connection);
                connection = null;
                failures = 1;
                down(e);
            }
        }
    }

    /** A later attempt: like {@link #connect} but the sink has heard "down" already. */
    private boolean reconnect() {
        Connection c = null;
        try {
            c = source.getConnection();
            listen(c);
            connection = c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            LOG.debug("the change feed of {} cannot reconnect yet: {}", description, reason(e));
            return false;
        }
        LOG.info("the change feed of {} is back", description);
        sink.connected();
        return true;
    }

    /** Tells the sink once per outage (the first failure after being up, or the first attempt). */
    private void down(Exception e) {
        String reason = "the change feed of " + description + " lost its connection: " + reason(e);
        LOG.warn("{}; reconnecting", reason);
        sink.disconnected(reason);
    }

    private static String reason(Exception e) {
        return SecretMasker.maskUrlText(String.valueOf(e.getMessage()));
    }

    /** Tells the sink that changes were dropped without losing the connection (e.g. a poller fell behind). */
    protected final void gap(String why) {
        LOG.warn("the change feed of {} {}: caches are flushed", description, why);
        sink.disconnected("the change feed of " + description + " " + why);
        sink.connected();
    }

    @Override
    public final void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // closed after the thread stopped or gave up waiting: a blocking read on it then fails at once
        closeQuietly(connection);
    }

    /** True once {@link #close} was called; steps end their waits early. */
    protected final boolean closed() {
        return closed;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // the connection is dropped either way
            }
        }
    }
}
