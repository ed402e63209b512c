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
 * </ul>
 * Thread-safe.
 */
final class ReplicaReads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReads.class);

    private final HikariDataSource pool;
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
     */
    ReplicaReads(HikariDataSource pool, String description, Duration readYourWrites, Duration retryAfter) {
        this.pool = pool;
        this.description = description;
        this.readYourWritesNanos = readYourWrites.toNanos();
        this.retryAfterNanos = retryAfter.toNanos();
    }

    /** The read-your-writes window in nanoseconds. */
    long readYourWritesNanos() {
        return readYourWritesNanos;
    }

    /** True when a read may try the replica now: it is not known to be down. */
    boolean usable() {
        return !down || System.nanoTime() - downUntil >= 0;
    }

    /** Runs {@code work} on a replica connection; the caller falls back to the primary when it throws. */
    <T> T run(SqlStore.SqlWork<T> work) throws SQLException {
        T result;
        try (Connection c = pool.getConnection()) {
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
