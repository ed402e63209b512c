package dev.depot.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read replica of a SQL store opened with {@code readFrom=replicaPreferred}: its own HikariCP
 * pool, and the two rules that decide whether a plain read may go there.
 *
 * <ul>
 *   <li><b>Read-your-writes:</b> a map's reads stay on the primary for {@code readYourWrites}
 *       after this process last wrote to it, so a replica that lags by less than that never
 *       shows this process an older value than it wrote.</li>
 *   <li><b>Fallback:</b> a replica read that fails for any reason is run again on the primary
 *       (reads change nothing, so this is always safe). When the replica is unreachable or does
 *       not answer in time, every read goes to the primary for {@code retryAfter} before the
 *       replica is tried again, so an outage of the replica costs one timeout, not one per
 *       read. Going down and coming back are each logged once.</li>
 *   <li><b>Lag:</b> at most once a second, a read first asks the replica how far behind it is
 *       ({@link #LAG_SQL}); above {@code maxLag} every read goes to the primary until a later
 *       check finds it caught up (logged once each way), as Mastodon stops reading a replica
 *       that lags by more than a few seconds. So a plain read is at most about
 *       {@code maxLag} plus a second stale.</li>
 * </ul>
 * Thread-safe.
 */
final class ReplicaReads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReads.class);

    /**
     * The replica's lag in milliseconds: 0 when it has replayed all it received (an idle
     * replica is not behind however old its last commit), else the age of the last commit it
     * replayed; 0 on a server that is not in recovery (preferSecondary found only the primary).
     */
    static final String LAG_SQL = "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            + " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0) END";
    private static final long LAG_CHECK_NANOS = 1_000_000_000L;

    private final HikariDataSource pool;
    private final long maxLagMillis;
    /** {@link System#nanoTime()} when the lag may be checked again. */
    private final java.util.concurrent.atomic.AtomicLong nextLagCheck = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    /** Whether the last check found the replica behind by more than {@code maxLag}. */
    private volatile boolean lagging;
    private final String description;
    private final long readYourWritesNanos;
    private final long retryAfterNanos;
    /** {@link System#nanoTime()} until which reads avoid the replica after it failed; written under {@code this}. */
    private volatile long downUntil;
    /** Whether the replica was last seen unreachable; written under {@code this}, read without a lock on every read. */
    private volatile boolean down;

    /**
     * @param description the replica, for log lines (a masked URL)
     * @param readYourWrites how long a map's reads stay on the primary after this process wrote to it
     * @param retryAfter how long reads stay on the primary after the replica could not be reached
     * @param maxLag how far behind the replica may be and still serve reads ({@code 0}: not checked)
     */
    ReplicaReads(HikariDataSource pool, String description, Duration readYourWrites, Duration retryAfter, Duration maxLag) {
        this.pool = pool;
        this.maxLagMillis = maxLag.toMillis();
        this.description = description;
        this.readYourWritesNanos = readYourWrites.toNanos();
        this.retryAfterNanos = retryAfter.toNanos();
    }

    /** The read-your-writes window in nanoseconds. */
    long readYourWritesNanos() {
        return readYourWritesNanos;
    }

    /** True when a read may try the replica now: not known to be down, and not lagging (or due for another lag check). */
    boolean usable() {
        long now = System.nanoTime();
        if (down && now - downUntil < 0) {
            return false;
        }
        return !lagging || now - nextLagCheck.get() >= 0;
    }

    /** Runs {@code work} on a replica connection; the caller falls back to the primary when it throws. */
    <T> T run(SqlStore.SqlWork<T> work) throws SQLException {
        T result;
        try (Connection c = pool.getConnection()) {
            checkLag(c);
            if (lagging) {
                throw new SQLException("the read replica " + description + " lags by more than " + maxLagMillis + " ms");
            }
            result = work.run(c);
        }
        if (down) {
            synchronized (this) {
                if (down) {
                    down = false;
                    LOG.info("The read replica {} answers again; plain reads go to it", description);
                }
            }
        }
        return result;
    }

    /** Measures the lag on {@code c} when a check is due and this thread claims it; logs a change of state. */
    private void checkLag(Connection c) throws SQLException {
        long due = nextLagCheck.get();
        long now = System.nanoTime();
        if (maxLagMillis <= 0 || now - due < 0 || !nextLagCheck.compareAndSet(due, now + LAG_CHECK_NANOS)) {
            return;
        }
        double lag;
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(LAG_SQL)) {
            rs.next();
            lag = rs.getDouble(1);
        }
        boolean behind = lag > maxLagMillis;
        if (behind != lagging) {
            lagging = behind;
            if (behind) {
                LOG.warn("The read replica {} lags by {} ms, more than {} ms: reads go to the primary until it catches up",
                        description, Math.round(lag), maxLagMillis);
            } else {
                LOG.info("The read replica {} caught up (lag {} ms); plain reads go to it", description, Math.round(lag));
            }
        }
    }

    /** Notes that the replica could not be reached ({@code unreachable}) or failed one read otherwise. */
    void failed(SQLException e, boolean unreachable) {
        if (!unreachable) {
            LOG.debug("A read on the replica {} failed ({}); it was run on the primary", description, e.getMessage());
            return;
        }
        synchronized (this) {
            downUntil = System.nanoTime() + retryAfterNanos;
            if (!down) {
                down = true;
                LOG.warn("The read replica {} cannot be reached ({}); reads go to the primary, and the replica is tried"
                        + " again every {} ms", description, e.getMessage(), retryAfterNanos / 1_000_000);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
