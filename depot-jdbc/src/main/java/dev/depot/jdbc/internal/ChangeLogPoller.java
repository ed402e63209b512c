package dev.depot.jdbc.internal;

import dev.depot.spi.ChangeKind;
import dev.depot.spi.ChangeSink;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The change feed of MariaDB/MySQL and SQLite: polls the prefix's change log
 * ({@link ChangeLogPublisher}) every {@code interval} on one dedicated connection, reading the
 * rows after the last sequence number seen, and prunes it.
 *
 * <p><b>Holes.</b> An auto-increment number is taken when a row is inserted, not when its
 * transaction commits: on MariaDB a reader may see row 11 committed while row 10's transaction
 * is still open. So a number skipped by a page is a hole, asked for again by number on each
 * poll ({@code WHERE seq IN (...)}) until its row shows up or {@link #HOLE_WAIT} passed (it was
 * rolled back, or the number was never used). Two writes of one key cannot pass each other: the
 * second waits for the first's row lock, so it takes its number after the first committed;
 * delivery is thus in commit order per key. SQLite writes one transaction at a time, so it has
 * no holes, but the same code runs. On start the feed begins at the highest number and takes the
 * missing numbers of the last {@link #START_WINDOW} as holes, for writes in flight then.
 *
 * <p><b>Pruning.</b> Every quarter of {@code retention} (jittered) the poller deletes the rows
 * up to the highest number it had seen {@code retention} ago (or all but the last
 * {@link #MAX_ROWS} numbers, if that is more), in one transaction with a marker
 * row (kind {@code G}, the number in {@code k}); a second process pruning the same rows finds
 * nothing and adds no marker, so the work is idempotent and each row is deleted once. A poller
 * that reads a marker above its last number was stalled for longer than the retention and may
 * have missed rows: it reports a gap ({@code disconnected} then {@code connected}) so caches are
 * flushed. Thread-safe (see {@link ReconnectingFeed}); the state below is the feed thread's.
 */
final class ChangeLogPoller extends ReconnectingFeed {
    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    static final Duration DEFAULT_RETENTION = Duration.ofMinutes(1);
    /** Kind code of a pruning marker. */
    static final String PRUNED = "G";
    /** Rows per poll; a full page is followed by the next poll at once. */
    private static final int PAGE = 1000;
    /** How long a skipped number is waited for; far longer than the insert-to-commit time of a write. */
    static final Duration HOLE_WAIT = Duration.ofSeconds(10);
    private static final int MAX_HOLES = 1000;
    static final int START_WINDOW = 100;
    /** Rows kept at most, whatever their age, so a burst of writes cannot grow the log without bound. */
    static final long MAX_ROWS = 100_000;

    private final SqlDialect dialect;
    private final long intervalMillis;
    private final long retentionNanos;
    private final long holeWaitNanos;
    private final String selectMax;
    private final String selectAfter;
    private final String selectInPrefix;
    private final String selectRecent;
    private final String prune;
    private final String table;

    private boolean started;
    private long last;
    /** Numbers skipped by a page and not seen since: number → {@link System#nanoTime()} when first missed. */
    private final TreeMap<Long, Long> holes = new TreeMap<>();
    /** (nanoTime, last) samples, oldest first, for choosing what to prune. */
    private final ArrayDeque<long[]> seen = new ArrayDeque<>();
    private long nextPrune;
    private long pruned;
    private volatile long session;

    ChangeLogPoller(DataSource source, SqlDialect dialect, String table, String description, String origin,
                    Duration interval, Duration retention) {
        super(source, "depot-changes-" + table, description, origin);
        this.dialect = dialect;
        this.table = table;
        this.intervalMillis = interval.toMillis();
        this.retentionNanos = retention.toNanos();
        this.holeWaitNanos = Math.min(HOLE_WAIT.toNanos(), retentionNanos / 2);
        String t = dialect.quote(table);
        String columns = "SELECT seq, map, k, kind, origin FROM " + t;
        this.selectMax = "SELECT COALESCE(MAX(seq), 0) FROM " + t;
        this.selectAfter = columns + " WHERE seq > ? ORDER BY seq LIMIT " + PAGE;
        this.selectInPrefix = columns + " WHERE seq IN (";
        this.selectRecent = "SELECT seq FROM " + t + " WHERE seq > ?";
        this.prune = "DELETE FROM " + t + " WHERE seq <= ?";
        this.nextPrune = System.nanoTime() + pruneEvery();
    }

    private record Row(long seq, String map, byte[] key, String kind, String origin) {}

    @Override
    protected void listen(Connection c) throws SQLException {
        if (dialect.poolIsolation() != null) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        String sessionQuery = dialect.sessionQuery();
        try (Statement s = c.createStatement()) {
            if (sessionQuery != null) {
                try (ResultSet rs = s.executeQuery(sessionQuery)) {
                    rs.next();
                    session = rs.getLong(1);
                }
            }
            if (!started) {
                try (ResultSet rs = s.executeQuery(selectMax)) {
                    rs.next();
                    last = rs.getLong(1);
                }
                List<Long> present = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(selectRecent)) {
                    ps.setLong(1, last - START_WINDOW);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            present.add(rs.getLong(1));
                        }
                    }
                }
                long now = System.nanoTime();
                for (long seq = Math.max(1, last - START_WINDOW + 1); seq <= last; seq++) {
                    if (!present.contains(seq)) {
                        holes.put(seq, now);
                    }
                }
                started = true;
            }
        }
    }

    @Override
    protected void step(Connection c, ChangeSink sink) throws SQLException {
        long before = last;
        List<Row> rows = new ArrayList<>();
        if (!holes.isEmpty()) {
            readHoles(c, rows);
        }
        int page = 0;
        try (PreparedStatement ps = c.prepareStatement(selectAfter)) {
            ps.setLong(1, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = row(rs);
                    page++;
                    long now = System.nanoTime();
                    for (long missing = Math.max(last + 1, row.seq() - MAX_HOLES); missing < row.seq(); missing++) {
                        holes.put(missing, now);
                    }
                    last = row.seq();
                    rows.add(row);
                }
            }
        }
        deliver(rows, before, sink);
        long now = System.nanoTime();
        if (seen.isEmpty() || now - seen.peekLast()[0] >= Math.min(1_000_000_000L, retentionNanos / 4)) {
            seen.addLast(new long[] {now, last});
        }
        if (now - nextPrune >= 0) {
            nextPrune = now + pruneEvery();
            pruneOld(c, now);
        }
        if (page < PAGE && !closed()) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                // close() interrupts; the loop sees closed()
            }
        }
    }

    /** Asks again for the numbers skipped so far; gives up those waited for long enough. */
    private void readHoles(Connection c, List<Row> rows) throws SQLException {
        long now = System.nanoTime();
        holes.values().removeIf(since -> now - since > holeWaitNanos);
        while (holes.size() > MAX_HOLES) {
            holes.pollFirstEntry();
        }
        if (holes.isEmpty()) {
            return;
        }
        String sql = selectInPrefix + String.join(", ", Collections.nCopies(holes.size(), "?")) + ") ORDER BY seq";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (long seq : holes.keySet()) {
                ps.setLong(i++, seq);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = row(rs);
                    holes.remove(row.seq());
                    rows.add(row);
                }
            }
        }
    }

    private Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getString(4), rs.getString(5));
    }

    private void deliver(List<Row> rows, long before, ChangeSink sink) {
        String gap = null;
        for (Row row : rows) {
            if (PRUNED.equals(row.kind())) {
                long upTo = ByteBuffer.wrap(row.key()).getLong();
                holes.headMap(upTo, true).clear();
                if (upTo > before) {
                    gap = "fell behind: changes " + (before + 1) + " to " + upTo + " were pruned before it read them";
                }
                continue;
            }
            ChangeKind kind = ChangePublisher.kind(row.kind());
            if (kind != null && !origin.equals(row.origin())) {
                sink.changed(row.map(), row.key(), kind);
            }
        }
        if (gap != null) {
            gap(gap);
        }
    }

    /** Deletes the rows up to what this poller had seen {@code retention} ago, with a marker (see the class comment). */
    private void pruneOld(Connection c, long now) throws SQLException {
        long upTo = last - MAX_ROWS;
        while (!seen.isEmpty() && now - seen.peekFirst()[0] >= retentionNanos) {
            upTo = Math.max(upTo, seen.pollFirst()[1]);
        }
        if (upTo <= pruned) {
            return;
        }
        dialect.begin(c);
        try {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement(prune)) {
                ps.setLong(1, upTo);
                deleted = ps.executeUpdate();
            }
            if (deleted > 0) {
                try (PreparedStatement ps = c.prepareStatement(ChangeLogPublisher.insert(dialect, table, 1))) {
                    ChangeLogPublisher.bindRow(ps, 1, "", ByteBuffer.allocate(Long.BYTES).putLong(upTo).array(), PRUNED, "");
                    ps.executeUpdate();
                }
            }
            dialect.commit(c);
        } catch (SQLException | RuntimeException e) {
            try {
                dialect.rollback(c);
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        pruned = upTo;
    }

    private long pruneEvery() {
        long quarter = Math.max(1, retentionNanos / 4);
        return quarter / 2 + ThreadLocalRandom.current().nextLong(quarter);
    }

    /** The session id of the polling connection (MariaDB's {@code CONNECTION_ID()}), for tests that kill it; 0 on SQLite. */
    long session() {
        return session;
    }
}
