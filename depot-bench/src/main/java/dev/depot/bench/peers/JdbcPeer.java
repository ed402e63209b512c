package dev.depot.bench.peers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.depot.bench.BenchData;
import dev.depot.bench.KvTarget;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Hand-written JDBC over HikariCP with the same pool size as Depot, on the very table Depot
 * made for the map ({@code k} BIGINT/INTEGER primary key, {@code v} binary): the code a
 * developer would write instead of Depot. SQLite connections get Depot's settings (WAL,
 * {@code synchronous=NORMAL}, busy timeout). {@code putAll} is a JDBC batch of upserts in one
 * transaction, with the driver's batch rewriting on where it has one.
 */
public final class JdbcPeer implements KvTarget {
    private final HikariDataSource pool;
    private final String select;
    private final String upsert;
    private final String scan;
    private final String count;

    private JdbcPeer(HikariDataSource pool, String table, String upsert) {
        this.pool = pool;
        this.select = "SELECT v FROM " + table + " WHERE k = ?";
        this.upsert = upsert;
        this.scan = "SELECT k, v FROM " + table;
        this.count = "SELECT COUNT(*) FROM " + table;
    }

    /** A peer on the store of a Depot URL ({@code sqlite:FILE}, {@code postgres://…}, {@code mariadb://…}). */
    public static JdbcPeer open(String depotUrl, String table) {
        HikariConfig hikari = new HikariConfig();
        hikari.setMaximumPoolSize(BenchData.POOL);
        hikari.setMinimumIdle(BenchData.POOL);
        hikari.setPoolName("bench-jdbc");
        String upsert;
        if (depotUrl.startsWith("sqlite:")) {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sqlite.setBusyTimeout(30_000);
            SQLiteDataSource source = new SQLiteDataSource(sqlite);
            source.setUrl("jdbc:sqlite:" + depotUrl.substring("sqlite:".length()));
            hikari.setDataSource(source);
            upsert = "INSERT INTO " + table + " (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v";
        } else {
            URI uri = URI.create(depotUrl);
            String scheme = uri.getScheme();
            boolean postgres = scheme.startsWith("postgres");
            String jdbc = (postgres ? "jdbc:postgresql://" : "jdbc:mariadb://") + uri.getHost() + ":" + uri.getPort()
                    + uri.getPath() + (postgres ? "?reWriteBatchedInserts=true" : "");
            hikari.setJdbcUrl(jdbc);
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                hikari.setUsername(decode(colon < 0 ? info : info.substring(0, colon)));
                if (colon >= 0) {
                    hikari.setPassword(decode(info.substring(colon + 1)));
                }
            }
            upsert = postgres
                    ? "INSERT INTO " + table + " (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v"
                    : "INSERT INTO " + table + " (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)";
        }
        return new JdbcPeer(new HikariDataSource(hikari), table, upsert);
    }

    /** A connection of this peer's pool, for {@link BulkPeer}'s raw bulk paths. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] get(Long key) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(select)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void set(Long key, byte[] value) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setLong(1, key);
            ps.setBytes(2, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void putAll(Map<Long, byte[]> entries) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                int n = 0;
                for (Map.Entry<Long, byte[]> e : entries.entrySet()) {
                    ps.setLong(1, e.getKey());
                    ps.setBytes(2, e.getValue());
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long iterate() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(scan)) {
            long sum = 0;
            while (rs.next()) {
                sum += rs.getLong(1) + rs.getBytes(2)[0];
            }
            return sum;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long size() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(count)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
