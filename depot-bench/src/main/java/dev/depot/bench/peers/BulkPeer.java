package dev.depot.bench.peers;

import dev.depot.bench.KvTarget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * The store's own raw bulk-load path on Depot's table, for {@code BulkBenchmark.putAllFresh}
 * (issue 15's "putAll of 100,000 against the fastest raw bulk path"): PostgreSQL
 * {@code COPY ... FROM STDIN (FORMAT binary)}, MariaDB multi-row
 * {@code INSERT ... ON DUPLICATE KEY UPDATE} statements of up to half of
 * {@code max_allowed_packet} in one transaction, SQLite a JDBC batch of one prepared upsert in
 * one transaction. {@link #clearForBulk} empties the table ({@code TRUNCATE} or {@code DELETE}).
 * Reads and single writes are {@link JdbcPeer}'s. Thread-safe like its pool.
 */
public final class BulkPeer implements KvTarget {
    private final JdbcPeer jdbc;
    private final String table;
    private final boolean postgres;
    private final boolean mariadb;

    private BulkPeer(JdbcPeer jdbc, String table, boolean postgres, boolean mariadb) {
        this.jdbc = jdbc;
        this.table = table;
        this.postgres = postgres;
        this.mariadb = mariadb;
    }

    /** A peer on the store of a Depot URL ({@code sqlite:FILE}, {@code postgres://…}, {@code mariadb://…}). */
    public static BulkPeer open(String depotUrl, String table) {
        return new BulkPeer(JdbcPeer.open(depotUrl, table), table, depotUrl.startsWith("postgres"),
                depotUrl.startsWith("mariadb") || depotUrl.startsWith("mysql"));
    }

    @Override
    public byte[] get(Long key) {
        return jdbc.get(key);
    }

    @Override
    public void set(Long key, byte[] value) {
        jdbc.set(key, value);
    }

    @Override
    public void clearForBulk() {
        try (Connection c = jdbc.connection(); Statement s = c.createStatement()) {
            s.execute((postgres || mariadb ? "TRUNCATE TABLE " : "DELETE FROM ") + table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void putAll(Map<Long, byte[]> entries) {
        if (!postgres && !mariadb) {
            jdbc.putAll(entries);
            return;
        }
        try (Connection c = jdbc.connection()) {
            if (postgres) {
                copy(c, entries);
            } else {
                multiRowInsert(c, entries);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code COPY FROM STDIN} in PostgreSQL's binary format: header, (2 fields: int8 key, bytea value) per row, trailer. */
    private void copy(Connection c, Map<Long, byte[]> entries) throws SQLException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 130 + 32);
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        out.writeInt(0); // flags
        out.writeInt(0); // header extension length
        for (Map.Entry<Long, byte[]> e : entries.entrySet()) {
            out.writeShort(2);
            out.writeInt(8);
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().length);
            out.write(e.getValue());
        }
        out.writeShort(-1);
        out.flush();
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (k, v) FROM STDIN (FORMAT binary)",
                new ByteArrayInputStream(bytes.toByteArray()));
    }

    private void multiRowInsert(Connection c, Map<Long, byte[]> entries) throws SQLException {
        long maxBytes;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
            rs.next();
            maxBytes = Math.min(16L << 20, rs.getLong(1) / 2);
        }
        List<Map.Entry<Long, byte[]>> rows = new ArrayList<>(entries.entrySet());
        c.setAutoCommit(false);
        try {
            int from = 0;
            while (from < rows.size()) {
                int to = from;
                long size = 0;
                while (to < rows.size() && to - from < 32_767 && (to == from || size + 8 + rows.get(to).getValue().length <= maxBytes)) {
                    size += 8 + rows.get(to).getValue().length;
                    to++;
                }
                StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (k, v) VALUES ");
                for (int i = from; i < to; i++) {
                    sql.append(i == from ? "(?, ?)" : ", (?, ?)");
                }
                sql.append(" ON DUPLICATE KEY UPDATE v = VALUES(v)");
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    int p = 1;
                    for (int i = from; i < to; i++) {
                        ps.setLong(p++, rows.get(i).getKey());
                        ps.setBytes(p++, rows.get(i).getValue());
                    }
                    ps.executeUpdate();
                }
                from = to;
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    @Override
    public long iterate() {
        return jdbc.iterate();
    }

    @Override
    public long size() {
        return jdbc.size();
    }

    @Override
    public void close() {
        jdbc.close();
    }
}
