package dev.depot.jdbc.internal;

import dev.depot.DepotException;
import dev.depot.StorageType;
import dev.depot.spi.ByteKey;
import dev.depot.spi.ChangeKind;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.RawPage;
import dev.depot.spi.StoreNames;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One map as one table {@code (k PRIMARY KEY, v NOT NULL)}, in any {@link SqlDialect}.
 *
 * <h2>Atomicity</h2>
 * Every operation is atomic in the database, so processes sharing the table lose no update:
 * <ul>
 *   <li>Single-statement operations rely on the statement's own atomicity: {@code set} is an
 *       upsert, {@code putIfAbsent} an insert that does nothing on conflict, the conditional
 *       {@code replace(k, expected, v)} and {@code remove(k, expected)} are one
 *       {@code UPDATE}/{@code DELETE ... WHERE k = ? AND v = ?} comparing the stored bytes.</li>
 *   <li>Operations that return the previous value ({@code put}, {@code replace(k, v)},
 *       {@code remove(k)}) are one round trip on PostgreSQL and MariaDB/MySQL
 *       ({@link #oneTripStatements}: a locked read and the write conditioned on it, run again
 *       when a concurrent first insert of the key won). On SQLite they run in a write
 *       transaction: read the row ({@code BEGIN IMMEDIATE} locks the whole database), then
 *       write. {@code put} and {@code remove(k)} that arrive while another is in flight are
 *       written together in one transaction ({@link GroupCommit}, {@link #writeRound}).</li>
 *   <li>{@code putIfAbsent} that finds the key present reads the value in a second statement;
 *       if the key vanished in between, it tries the insert again.</li>
 *   <li>{@code putAll} writes its batch in one transaction, rows sorted by key so that
 *       concurrent batches lock rows in the same order: PostgreSQL as array upserts
 *       ({@link SqlDialect#arrayUpsert}), the others as multi-row upserts.</li>
 * </ul>
 * Reads ({@code get}, {@code scan}, {@code size}) see committed data only. With a read replica
 * ({@link ReplicaReads}), {@code get}, {@code getAll}, {@code containsKey} and {@code scan} go to
 * it unless this map was written within the read-your-writes window; {@code size},
 * {@link #getForUpdate} and every write go to the primary. {@code scan} pages by
 * key ({@code WHERE k > ? ORDER BY k LIMIT ?}, the cursor being the last key's bytes), so each
 * page is one short query and no connection or cursor is held between pages.
 *
 * <p>This class is long because each {@code RawMap} operation is spelled out here as its
 * statements, built once per table.
 */
final class SqlRawMap implements RawMap {
    private final SqlStore store;
    private final SqlDialect dialect;
    private final RawMapSpec spec;
    private final String name;
    private final StorageType keyType;
    private final StorageType valueType;
    private final String table;
    private final int rowsPerStatement;
    private final long bytesPerStatement;

    private final String selectValue;
    private final String selectValueLocked;
    private final String selectExists;
    private final String selectIfValue;
    private final String upsertOne;
    /** The dialect's bulk upsert by arrays ({@link SqlDialect#arrayUpsert}), or null: multi-row upserts. */
    private final String arrayUpsert;
    private final String insertIfAbsent;
    private final String update;
    private final String updateIfValue;
    private final String delete;
    private final String deleteIfValue;
    private final String count;
    private final String clear;
    private final String scanFirst;
    private final String scanAfter;
    private final String selectInPrefix;
    private final String keyParam;
    /** How put/replace/remove that return the previous value run ({@link SqlDialect#previousValueWrites}). */
    private final SqlDialect.PreviousValueWrites previousWrites;
    /** Gathers concurrent write-through put/remove into rounds of one transaction ({@link GroupCommit}). */
    private final GroupCommit group;
    /** Their one-round-trip forms (null under {@code TRANSACTION}), built on first use: they depend on the feed. */
    private volatile String[] oneTrip;
    /** How writes are announced to other processes ({@link SqlStore#changeFeed}); null: not at all (always for the metadata). */
    private final ChangePublisher changes;
    /** The store's replica, or null when every read goes to the primary (always for the metadata). */
    private final ReplicaReads replica;
    /** {@link System#nanoTime()} until which this map's reads stay on the primary (read-your-writes). */
    private volatile long primaryUntil = System.nanoTime();

    SqlRawMap(SqlStore store, RawMapSpec spec, String table) {
        this.store = store;
        this.dialect = store.dialect();
        this.spec = spec;
        this.name = spec.name();
        this.keyType = spec.keyType();
        this.valueType = spec.valueType();
        this.table = table;
        this.rowsPerStatement = Math.max(1, Math.min(dialect.maxRowsPerUpsert(), dialect.maxBindParameters() / 2));
        this.bytesPerStatement = dialect.maxStatementBytes();

        String t = dialect.quote(table);
        String k = dialect.quote(SqlDialect.KEY);
        String v = dialect.quote(SqlDialect.VALUE);
        String kp = dialect.keyParam(keyType);
        String vp = dialect.valueParam(valueType);
        this.selectValue = "SELECT " + v + " FROM " + t + " WHERE " + k + " = " + kp;
        this.selectValueLocked = selectValue + dialect.lockRowSuffix();
        this.selectExists = "SELECT 1 FROM " + t + " WHERE " + k + " = " + kp;
        this.selectIfValue = selectExists + " AND " + dialect.valueEquals(valueType);
        this.upsertOne = dialect.upsert(table, spec, 1);
        this.arrayUpsert = dialect.arrayUpsert(table, spec);
        this.insertIfAbsent = dialect.insertIfAbsent(table, spec);
        this.update = "UPDATE " + t + " SET " + v + " = " + vp + " WHERE " + k + " = " + kp;
        this.updateIfValue = update + " AND " + dialect.valueEquals(valueType);
        this.delete = "DELETE FROM " + t + " WHERE " + k + " = " + kp;
        this.deleteIfValue = delete + " AND " + dialect.valueEquals(valueType);
        this.count = "SELECT COUNT(*) FROM " + t;
        this.clear = dialect.clear(table);
        this.scanFirst = "SELECT " + k + ", " + v + " FROM " + t + " ORDER BY " + k + " LIMIT ?";
        this.scanAfter = "SELECT " + k + ", " + v + " FROM " + t + " WHERE " + k + " > " + kp + " ORDER BY " + k + " LIMIT ?";
        this.selectInPrefix = "SELECT " + k + ", " + v + " FROM " + t + " WHERE " + k + " IN (";
        this.keyParam = kp;
        this.previousWrites = dialect.previousValueWrites();
        // The metadata (lease, map records, checkpoints) is compared and set: never read from a replica.
        this.replica = StoreNames.META.equals(spec.name()) ? null : store.replica();
        // Metadata writes are not announced (ChangeFeed's contract).
        this.changes = StoreNames.META.equals(spec.name()) ? null : store.changes();
        this.group = new GroupCommit(new GroupCommit.Writer() {
            @Override
            public byte[] writeOne(GroupCommit.Op op) {
                return op.value == null ? removeAlone(op.key) : putAlone(op.key, op.value);
            }

            @Override
            public void writeAll(List<GroupCommit.Op> ops) {
                writeRound(ops);
            }
        }, store.writeLanes());
    }

    // ---- reads ----

    @Override
    public byte[] get(byte[] key) {
        return store.withReadConnection("read a key", name, onPrimary(), c -> read(c, selectValue, key));
    }

    /** Always the primary: the read of a compare-and-set loop must see every acknowledged write. */
    @Override
    public byte[] getForUpdate(byte[] key) {
        return store.withConnection("read a key", name, c -> read(c, selectValue, key));
    }

    /** Keys per {@code IN (...)} of {@link #getAll}. */
    private static final int KEYS_PER_QUERY = 500;

    /** One {@code SELECT ... WHERE k IN (...)} per chunk of keys instead of one query per key. */
    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return store.withReadConnection("read keys", name, onPrimary(), c -> {
            Map<ByteKey, byte[]> found = new HashMap<>();
            int chunk = Math.max(1, Math.min(KEYS_PER_QUERY, dialect.maxBindParameters()));
            for (int from = 0; from < keys.size(); from += chunk) {
                List<byte[]> part = keys.subList(from, Math.min(keys.size(), from + chunk));
                String sql = selectInPrefix + String.join(", ", Collections.nCopies(part.size(), keyParam)) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < part.size(); i++) {
                        dialect.bindKey(ps, i + 1, keyType, part.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.put(new ByteKey(dialect.readKey(rs, 1, keyType)), dialect.readValue(rs, 2, valueType));
                        }
                    }
                }
            }
            List<byte[]> values = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                values.add(found.get(new ByteKey(key)));
            }
            return values;
        });
    }

    @Override
    public boolean containsKey(byte[] key) {
        return store.withReadConnection("read a key", name, onPrimary(), c -> {
            try (PreparedStatement ps = c.prepareStatement(selectExists)) {
                dialect.bindKey(ps, 1, keyType, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public long size() {
        return store.withConnection("count the entries", name, c -> {
            try (PreparedStatement ps = c.prepareStatement(count); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public RawPage scan(byte[] cursor, int limit) {
        return store.withReadConnection("read a page", name, onPrimary(), c -> {
            try (PreparedStatement ps = c.prepareStatement(cursor == null ? scanFirst : scanAfter)) {
                int i = 1;
                if (cursor != null) {
                    dialect.bindKey(ps, i++, keyType, cursor);
                }
                ps.setInt(i, limit);
                List<RawEntry> page = new ArrayList<>(Math.min(limit, 1024));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(new RawEntry(dialect.readKey(rs, 1, keyType), dialect.readValue(rs, 2, valueType)));
                    }
                }
                // A full page may be followed by more; the next query finds out (possibly empty, then last).
                byte[] next = page.size() < limit ? null : page.get(page.size() - 1).key();
                return new RawPage(page, next);
            }
        });
    }

    // ---- single-statement writes ----

    @Override
    public void set(byte[] key, byte[] value) {
        checkSize(key, value);
        writing("write a key", c -> writeKeyValue(c, upsertOne, key, value));
    }

    @Override
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        checkSize(key, value);
        return writing("write a key", c -> {
            while (true) {
                if (writeKeyValue(c, insertIfAbsent, key, value) > 0) {
                    return null;
                }
                byte[] present = read(c, selectValue, key);
                if (present != null) {
                    return present;
                }
                // Removed between the insert and the read: try again.
            }
        });
    }

    @Override
    public boolean replace(byte[] key, byte[] expected, byte[] value) {
        checkSize(key, expected, value);
        return writing("write a key", c -> {
            if (Arrays.equals(expected, value)) {
                // Writing the value it already has changes nothing, so a read answers; and MySQL,
                // counting changed rather than matched rows, would report 0 for such an UPDATE.
                try (PreparedStatement ps = c.prepareStatement(selectIfValue)) {
                    dialect.bindKey(ps, 1, keyType, key);
                    dialect.bindValue(ps, 2, valueType, expected);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
            }
            return change(c, updateIfValue, key, ChangeKind.PUT, ps -> {
                dialect.bindValue(ps, 1, valueType, value);
                dialect.bindKey(ps, 2, keyType, key);
                dialect.bindValue(ps, 3, valueType, expected);
                return 4;
            }) > 0;
        });
    }

    @Override
    public boolean delete(byte[] key) {
        return writing("remove a key", c -> deleteKey(c, key) > 0);
    }

    @Override
    public boolean remove(byte[] key, byte[] expected) {
        checkSize(key, expected);
        return writing("remove a key", c -> change(c, deleteIfValue, key, ChangeKind.REMOVE, ps -> {
            dialect.bindKey(ps, 1, keyType, key);
            dialect.bindValue(ps, 2, valueType, expected);
            return 3;
        }) > 0);
    }

    @Override
    public void clear() {
        SqlStore.SqlWork<Void> work = c -> {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement(clear)) {
                deleted = ps.executeUpdate();
            }
            if (deleted > 0 && changes != null) {
                changes.announce(c, name, Collections.singletonList(null), ChangeKind.CLEAR);
            }
            return null;
        };
        if (changes == null) {
            writing("clear", work);
        } else {
            writingTransaction("clear", work);
        }
    }

    // ---- writes that return the previous value ----

    /** Through the map's {@link GroupCommit}: alone when no other put or remove is in flight, else in the next round. */
    @Override
    public byte[] put(byte[] key, byte[] value) {
        checkSize(key, value);
        return group.write(new GroupCommit.Op(key, value));
    }

    private byte[] putAlone(byte[] key, byte[] value) {
        if (previousWrites != SqlDialect.PreviousValueWrites.TRANSACTION) {
            return oneTrip("write a key", PUT, key, value);
        }
        return writingTransaction("write a key", c -> {
            while (true) {
                byte[] previous = read(c, selectValueLocked, key);
                if (previous != null) {
                    updateValue(c, key, value);
                    return previous;
                }
                if (writeKeyValue(c, insertIfAbsent, key, value) > 0) {
                    return null;
                }
                // Inserted by another transaction since our read (databases with row locks only): lock it now.
            }
        });
    }

    @Override
    public byte[] replace(byte[] key, byte[] value) {
        checkSize(key, value);
        if (previousWrites != SqlDialect.PreviousValueWrites.TRANSACTION) {
            return oneTrip("write a key", REPLACE, key, value);
        }
        return writingTransaction("write a key", c -> {
            byte[] previous = read(c, selectValueLocked, key);
            if (previous != null) {
                updateValue(c, key, value);
            }
            return previous;
        });
    }

    /** Through the map's {@link GroupCommit}, like {@link #put}. */
    @Override
    public byte[] remove(byte[] key) {
        return group.write(new GroupCommit.Op(key, null));
    }

    private byte[] removeAlone(byte[] key) {
        if (previousWrites != SqlDialect.PreviousValueWrites.TRANSACTION) {
            return oneTrip("remove a key", REMOVE, key, null);
        }
        return writingTransaction("remove a key", c -> {
            byte[] previous = read(c, selectValueLocked, key);
            if (previous != null) {
                deleteKey(c, key);
            }
            return previous;
        });
    }

    /**
     * One round of group commit ({@link GroupCommit}): two or more puts and removes, in arrival
     * order, in one write transaction. The keys' rows are read locked in one query; keys absent
     * whose last write is a put are inserted with their last value, one by one with
     * insert-if-absent (whose count says whether a concurrent first insert won: then the row is
     * read locked and handled as present); present keys are updated with one multi-row upsert
     * or deleted with one {@code DELETE ... IN}; the changes are announced in the same
     * transaction. Each op's previous value is the one before it in arrival order: the stored
     * value for a key's first op, then the value the op before it wrote (null after a remove).
     */
    private void writeRound(List<GroupCommit.Op> ops) {
        Map<ByteKey, List<GroupCommit.Op>> byKey = new TreeMap<>();
        for (GroupCommit.Op op : ops) {
            byKey.computeIfAbsent(new ByteKey(op.key), k -> new ArrayList<>()).add(op);
        }
        Map<ByteKey, byte[]> stored = writingTransaction("write keys", c -> {
            Map<ByteKey, byte[]> found = readLocked(c, new ArrayList<>(byKey.keySet()));
            List<byte[]> written = new ArrayList<>();
            List<byte[]> removed = new ArrayList<>();
            List<RawEntry> updates = new ArrayList<>();
            for (Map.Entry<ByteKey, List<GroupCommit.Op>> e : byKey.entrySet()) {
                byte[] key = e.getValue().get(0).key;
                byte[] last = e.getValue().get(e.getValue().size() - 1).value;
                if (!found.containsKey(e.getKey()) && last != null) {
                    if (insertOne(c, key, last) > 0) {
                        written.add(key);
                        continue;
                    }
                    // a concurrent first insert won: its value is this key's stored value
                    byte[] now = read(c, selectValueLocked, key);
                    if (now != null) {
                        found.put(e.getKey(), now);
                    } else {
                        // inserted and removed again in between: insert once more
                        if (insertOne(c, key, last) == 0) {
                            throw new SQLException("the key changed three times during one write round", "40001");
                        }
                        written.add(key);
                        continue;
                    }
                }
                if (found.containsKey(e.getKey())) {
                    if (last != null) {
                        updates.add(new RawEntry(key, last));
                        written.add(key);
                    } else {
                        removed.add(key);
                    }
                }
            }
            if (!updates.isEmpty()) {
                writeRows(c, updates);
            }
            if (!removed.isEmpty()) {
                deleteKeys(c, removed);
            }
            if (changes != null) {
                if (!written.isEmpty()) {
                    changes.announce(c, name, written, ChangeKind.PUT);
                }
                if (!removed.isEmpty()) {
                    changes.announce(c, name, removed, ChangeKind.REMOVE);
                }
            }
            return found;
        });
        for (Map.Entry<ByteKey, List<GroupCommit.Op>> e : byKey.entrySet()) {
            byte[] previous = stored.get(e.getKey());
            for (GroupCommit.Op op : e.getValue()) {
                op.previous = previous;
                previous = op.value;
            }
        }
    }

    /** The stored values of {@code keys} (sorted, so concurrent rounds lock in one order), read with the row lock. */
    private Map<ByteKey, byte[]> readLocked(Connection c, List<ByteKey> keys) throws SQLException {
        String sql = selectInPrefix + String.join(", ", Collections.nCopies(keys.size(), keyParam)) + ")"
                + " ORDER BY " + dialect.quote(SqlDialect.KEY) + dialect.lockRowSuffix();
        Map<ByteKey, byte[]> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < keys.size(); i++) {
                dialect.bindKey(ps, i + 1, keyType, keys.get(i).bytes());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new ByteKey(dialect.readKey(rs, 1, keyType)), dialect.readValue(rs, 2, valueType));
                }
            }
        }
        return found;
    }

    /** Insert-if-absent of one key, not announced (the round announces its keys together). */
    private int insertOne(Connection c, byte[] key, byte[] value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertIfAbsent)) {
            dialect.bindKey(ps, 1, keyType, key);
            dialect.bindValue(ps, 2, valueType, value);
            return ps.executeUpdate();
        }
    }

    private void deleteKeys(Connection c, List<byte[]> keys) throws SQLException {
        String sql = "DELETE FROM " + dialect.quote(table) + " WHERE " + dialect.quote(SqlDialect.KEY) + " IN ("
                + String.join(", ", Collections.nCopies(keys.size(), keyParam)) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < keys.size(); i++) {
                dialect.bindKey(ps, i + 1, keyType, keys.get(i));
            }
            ps.executeUpdate();
        }
    }

    private static final int PUT = 0;
    private static final int REPLACE = 1;
    private static final int REMOVE = 2;
    /** How often a MariaDB deadlock victim among the one-round-trip writes runs again (it wrote nothing). */
    private static final int DEADLOCK_ATTEMPTS = 5;

    /**
     * {@code put}, {@code replace(k, v)} or {@code remove(k)} in one round trip; see
     * {@link #oneTripStatements} for the statements and why they stay correct when another writer
     * inserts the same key at the same time.
     */
    private byte[] oneTrip(String what, int op, byte[] key, byte[] value) {
        String sql = oneTripStatements()[op];
        try {
            return store.withConnection(what, name, c -> {
                int deadlocks = 0;
                while (true) {
                    Outcome o;
                    try {
                        o = previousWrites == SqlDialect.PreviousValueWrites.ONE_STATEMENT
                                ? oneStatement(c, sql, op, key, value) : multiStatement(c, sql, op, key, value);
                    } catch (SQLException e) {
                        if (dialect.isRetryable(e) && ++deadlocks < DEADLOCK_ATTEMPTS) {
                            continue;
                        }
                        throw e;
                    }
                    // A put that saw no row and wrote none lost the race with a concurrent first
                    // insert of the key: it changed nothing, so it runs again and now sees that row.
                    if (op == PUT && o.previous == null && o.written == 0) {
                        continue;
                    }
                    return o.previous;
                }
            });
        } finally {
            wrote();
        }
    }

    /** What a one-round-trip write found and did. */
    private record Outcome(byte[] previous, int written) {
    }

    private Outcome oneStatement(Connection c, String sql, int op, byte[] key, byte[] value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            dialect.bindKey(ps, i++, keyType, key);
            if (op != REMOVE) {
                dialect.bindKey(ps, i++, keyType, key);
                dialect.bindValue(ps, i++, valueType, value);
            }
            if (changes instanceof NotifyPublisher n) {
                ps.setString(i++, n.channel());
                ps.setString(i, n.payload(name, key, op == REMOVE ? ChangeKind.REMOVE : ChangeKind.PUT));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (op == REMOVE) {
                    return rs.next() ? new Outcome(dialect.readValue(rs, 1, valueType), 1) : new Outcome(null, 0);
                }
                rs.next();
                byte[] previous = rs.getObject(1) == null ? null : dialect.readValue(rs, 1, valueType);
                return new Outcome(previous, rs.getInt(2));
            }
        }
    }

    private Outcome multiStatement(Connection c, String sql, int op, byte[] key, byte[] value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            dialect.bindKey(ps, i++, keyType, key);
            if (op == PUT) {
                dialect.bindKey(ps, i++, keyType, key);
                dialect.bindValue(ps, i++, valueType, value);
            } else if (op == REPLACE) {
                dialect.bindValue(ps, i++, valueType, value);
                dialect.bindKey(ps, i++, keyType, key);
            } else {
                dialect.bindKey(ps, i++, keyType, key);
            }
            if (changes instanceof ChangeLogPublisher log) {
                log.bindLogRow(ps, i, name, key, op == REMOVE ? ChangeKind.REMOVE : ChangeKind.PUT);
            }
            // results: START TRANSACTION, the locked read, SET, the write, [the log row], COMMIT
            boolean isResultSet = ps.execute();
            byte[] previous = null;
            int counts = 0;
            int written = -1;
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = ps.getResultSet()) {
                        if (rs.next()) {
                            previous = dialect.readValue(rs, 1, valueType);
                        }
                    }
                } else {
                    int count = ps.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    if (counts++ == 2) {
                        written = count;
                    }
                }
                isResultSet = ps.getMoreResults();
            }
            return new Outcome(previous, written);
        } catch (SQLException | RuntimeException e) {
            // a failed statement stops the rest: the transaction it opened must not go back to the pool
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The one-round-trip statements of put, replace and remove, by {@link #PUT}, {@link #REPLACE},
     * {@link #REMOVE}; built once the map's announcement is known.
     *
     * <p>PostgreSQL, one statement each. {@code remove} is {@code DELETE ... RETURNING v}: the
     * deleted row is the previous value, no race. {@code put} locks and reads the row in a
     * materialized CTE ({@code SELECT v ... FOR UPDATE}) and upserts beside it with
     * {@code ON CONFLICT DO UPDATE ... WHERE EXISTS (the locked row)}. Both CTEs share one
     * snapshot, so a key first inserted by another transaction after it is invisible to the read
     * while the insert still conflicts with it: the {@code WHERE} then leaves that row alone, the
     * statement reports "saw nothing, wrote nothing", and {@code put} runs it again (a new
     * snapshot sees the row, locks it, and returns it as the previous value). So a previous value
     * is never overwritten unseen. {@code replace} is the same with the insert's {@code SELECT}
     * conditioned on the locked row, so it never inserts. The notification, when the map has a
     * feed, is a {@code pg_notify} in the same statement, called only when a row was written.
     *
     * <p>MariaDB/MySQL, one multi-statement round trip holding a transaction:
     * {@code START TRANSACTION; SELECT v ... FOR UPDATE; SET @depot_seen = FOUND_ROWS(); <write
     * conditioned on @depot_seen>; [log row if written]; COMMIT}. In READ COMMITTED a locking read
     * of an absent key locks nothing, so the write is conditioned on what the read saw: a
     * {@code remove} or {@code replace} that saw nothing changes nothing (it happened before the
     * concurrent insert), and a {@code put} that saw nothing upserts with
     * {@code ON DUPLICATE KEY UPDATE v = IF(@depot_seen > 0, VALUES(v), v)}: a concurrent first
     * insert leaves it with 0 affected rows and it runs again, like PostgreSQL's.
     */
    private String[] oneTripStatements() {
        String[] statements = oneTrip;
        if (statements != null) {
            return statements;
        }
        String t = dialect.quote(table);
        String k = dialect.quote(SqlDialect.KEY);
        String v = dialect.quote(SqlDialect.VALUE);
        String kp = dialect.keyParam(keyType);
        String vp = dialect.valueParam(valueType);
        String locked = "SELECT " + v + " FROM " + t + " WHERE " + k + " = " + kp + " FOR UPDATE";
        if (previousWrites == SqlDialect.PreviousValueWrites.ONE_STATEMENT) {
            String notify = changes instanceof NotifyPublisher ? ", (SELECT pg_notify(?, ?) FROM w)" : "";
            String old = "WITH o AS MATERIALIZED (" + locked + "), ";
            String result = " RETURNING 1) SELECT (SELECT " + v + " FROM o), (SELECT COUNT(*) FROM w)" + notify;
            String onConflict = " ON CONFLICT (" + k + ") DO UPDATE SET " + v + " = excluded." + v;
            String into = "INSERT INTO " + t + " (" + k + ", " + v + ")";
            statements = new String[] {
                old + "w AS (" + into + " VALUES (" + kp + ", " + vp + ")" + onConflict
                        + " WHERE EXISTS (SELECT 1 FROM o)" + result,
                old + "w AS (" + into + " SELECT " + kp + ", " + vp + " WHERE EXISTS (SELECT 1 FROM o)" + onConflict + result,
                "WITH w AS (DELETE FROM " + t + " WHERE " + k + " = " + kp + " RETURNING " + v + ") SELECT " + v
                        + (changes instanceof NotifyPublisher ? ", pg_notify(?, ?)" : "") + " FROM w"
            };
        } else {
            String log = changes instanceof ChangeLogPublisher p ? "; " + p.logRowIfWritten() : "";
            String head = "START TRANSACTION; " + locked + "; SET @depot_seen = FOUND_ROWS(); ";
            String tail = log + "; COMMIT";
            statements = new String[] {
                head + "INSERT INTO " + t + " (" + k + ", " + v + ") VALUES (" + kp + ", " + vp + ") ON DUPLICATE KEY UPDATE "
                        + v + " = IF(@depot_seen > 0, VALUES(" + v + "), " + v + ")" + tail,
                head + "UPDATE " + t + " SET " + v + " = " + vp + " WHERE " + k + " = " + kp + " AND @depot_seen > 0" + tail,
                head + "DELETE FROM " + t + " WHERE " + k + " = " + kp + " AND @depot_seen > 0" + tail
            };
        }
        oneTrip = statements;
        return statements;
    }

    @Override
    public void putAll(List<RawEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<RawEntry> rows = lastPerKey(entries);
        for (RawEntry e : rows) {
            checkSize(e.key(), e.value());
        }
        writingTransaction("write a batch", c -> {
            if (arrayUpsert != null) {
                writeArrays(c, rows);
            } else {
                writeRows(c, rows);
            }
            if (changes != null) {
                List<byte[]> keys = new ArrayList<>(rows.size());
                for (RawEntry e : rows) {
                    keys.add(e.key());
                }
                changes.announce(c, name, keys, ChangeKind.PUT);
            }
            return null;
        });
    }

    /** Most rows of one {@link SqlDialect#arrayUpsert}; the bytes per statement bound it first for all but tiny values. */
    private static final int MAX_ROWS_PER_ARRAY = 100_000;

    /** The batch as array upserts ({@link SqlDialect#arrayUpsert}), one prepared statement reused, each at most {@link #bytesPerStatement}. */
    private void writeArrays(Connection c, List<RawEntry> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(arrayUpsert)) {
            int from = 0;
            while (from < rows.size()) {
                int to = chunkEnd(rows, from, MAX_ROWS_PER_ARRAY);
                List<byte[]> keys = new ArrayList<>(to - from);
                List<byte[]> values = new ArrayList<>(to - from);
                for (RawEntry e : rows.subList(from, to)) {
                    keys.add(e.key());
                    values.add(e.value());
                }
                dialect.bindKeyArray(ps, 1, keyType, keys);
                dialect.bindValueArray(ps, 2, valueType, values);
                ps.executeUpdate();
                from = to;
            }
        }
    }

    /**
     * The batch as multi-row upserts of {@link #rowsPerStatement} rows, fewer when the bytes run
     * out; the statement of a full chunk is prepared once and reused for every full chunk.
     */
    private void writeRows(Connection c, List<RawEntry> rows) throws SQLException {
        PreparedStatement full = null;
        try {
            int from = 0;
            while (from < rows.size()) {
                int to = chunkEnd(rows, from, rowsPerStatement);
                int n = to - from;
                PreparedStatement ps;
                if (n == rowsPerStatement) {
                    if (full == null) {
                        full = c.prepareStatement(dialect.upsert(table, spec, n));
                    }
                    ps = full;
                } else {
                    ps = c.prepareStatement(dialect.upsert(table, spec, n));
                }
                try {
                    int i = 1;
                    for (RawEntry e : rows.subList(from, to)) {
                        dialect.bindKey(ps, i++, keyType, e.key());
                        dialect.bindValue(ps, i++, valueType, e.value());
                    }
                    ps.executeUpdate();
                } finally {
                    if (ps != full) {
                        ps.close();
                    }
                }
                from = to;
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    /** The end of the chunk starting at {@code from}: at most {@code maxRows} rows and {@link #bytesPerStatement} bytes, at least one row. */
    private int chunkEnd(List<RawEntry> rows, int from, int maxRows) {
        int to = from;
        long bytes = 0;
        while (to < rows.size() && to - from < maxRows
                && (to == from || bytes + weight(rows.get(to)) <= bytesPerStatement)) {
            bytes += weight(rows.get(to));
            to++;
        }
        return to;
    }

    /**
     * The batch with each key once, holding its last value, sorted by key bytes. One upsert
     * statement may not touch a row twice in PostgreSQL; the result is the same as writing the
     * entries one after the other. The sort makes every writer lock rows in the same order, so
     * two processes writing overlapping batches queue instead of deadlocking.
     */
    private static List<RawEntry> lastPerKey(List<RawEntry> entries) {
        Map<ByteBuffer, RawEntry> byKey = new TreeMap<>();
        for (RawEntry e : entries) {
            byKey.put(ByteBuffer.wrap(e.key()), e);
        }
        return new ArrayList<>(byKey.values());
    }

    private static long weight(RawEntry e) {
        return (long) e.key().length + e.value().length;
    }

    /** Refuses, before anything is sent, a statement the server would not accept ({@link SqlDialect#tooLarge}). */
    private void checkSize(byte[]... bound) {
        long bytes = 0;
        for (byte[] b : bound) {
            bytes += b.length;
        }
        String limit = dialect.tooLarge(bytes);
        if (limit != null) {
            throw new DepotException("cannot write a key in map '" + name + "' (table " + table + ") of "
                    + store.description() + ": " + limit);
        }
    }

    // ---- where reads go ----

    /** True when this map's plain reads must go to the primary now: no replica, or this process wrote to it lately. */
    private boolean onPrimary() {
        return replica == null || System.nanoTime() - primaryUntil < 0;
    }

    /**
     * A write in auto-commit mode, or in a transaction when its announcement is a statement of
     * its own ({@link ChangePublisher#folds}); whatever its outcome, this map's reads stay on the
     * primary for the window.
     */
    private <T> T writing(String what, SqlStore.SqlWork<T> work) {
        if (changes != null && !changes.folds()) {
            return writingTransaction(what, work);
        }
        try {
            return store.withConnection(what, name, work);
        } finally {
            wrote();
        }
    }

    /** A write transaction ({@link SqlStore#inTransaction}); then like {@link #writing}. */
    private <T> T writingTransaction(String what, SqlStore.SqlWork<T> work) {
        try {
            return store.inTransaction(what, name, work);
        } finally {
            wrote();
        }
    }

    private void wrote() {
        if (replica != null) {
            primaryUntil = System.nanoTime() + replica.readYourWritesNanos();
        }
    }

    // ---- statements on a given connection ----

    private byte[] read(Connection c, String sql, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            dialect.bindKey(ps, 1, keyType, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? dialect.readValue(rs, 1, valueType) : null;
            }
        }
    }

    /** Runs an insert-shaped statement bound (key, value), announced as a put; returns the update count. */
    private int writeKeyValue(Connection c, String sql, byte[] key, byte[] value) throws SQLException {
        return change(c, sql, key, ChangeKind.PUT, ps -> {
            dialect.bindKey(ps, 1, keyType, key);
            dialect.bindValue(ps, 2, valueType, value);
            return 3;
        });
    }

    private void updateValue(Connection c, byte[] key, byte[] value) throws SQLException {
        change(c, update, key, ChangeKind.PUT, ps -> {
            dialect.bindValue(ps, 1, valueType, value);
            dialect.bindKey(ps, 2, keyType, key);
            return 3;
        });
    }

    private int deleteKey(Connection c, byte[] key) throws SQLException {
        return change(c, delete, key, ChangeKind.REMOVE, ps -> {
            dialect.bindKey(ps, 1, keyType, key);
            return 2;
        });
    }

    /**
     * Runs the write {@code sql} of one key and returns how many rows it wrote; when this map's
     * writes are announced, the publisher runs it and announces {@code kind} of {@code key} if it
     * wrote a row ({@link ChangePublisher#write}). Without a feed it runs exactly the statement it
     * did before.
     */
    private int change(Connection c, String sql, byte[] key, ChangeKind kind, ChangePublisher.Binder binder)
            throws SQLException {
        if (changes != null) {
            return changes.write(c, sql, binder, name, key, kind);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    /** Puts and removes this map wrote in group-commit rounds of two or more ({@link GroupCommit}); for tests. */
    long groupedWrites() {
        return group.groupedWrites();
    }

    @Override
    public String toString() {
        return "SqlRawMap[" + table + " in " + store.description() + "]";
    }
}
