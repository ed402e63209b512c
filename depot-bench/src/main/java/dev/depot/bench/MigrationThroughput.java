package dev.depot.bench;

import dev.depot.Depot;
import dev.depot.MigrationProgress;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Migration throughput, in a JVM of its own: {@value #ENTRIES} entries (100-byte values) in an
 * SQLite file, copied into the target store by Depot's migration ({@code migrateFrom}, run
 * inside {@code Depot.open}), in entries per second of the whole open. When the target is
 * PostgreSQL, the peer is the same data read from the same SQLite file with JDBC and streamed
 * into a table of the same shape (BIGINT primary key, BYTEA) with {@code COPY ... FROM STDIN
 * (FORMAT binary)} through pgjdbc's {@code CopyManager}. Prints {@code RESULT} lines.
 *
 * <p>Arguments: a work folder, the target's Depot URL, and for PostgreSQL its JDBC URL.
 */
public final class MigrationThroughput {
    public static final int ENTRIES = 1_000_000;

    private MigrationThroughput() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        String target = args[1];
        String pgJdbc = args.length > 2 ? args[2] : null;
        String store = Target.store(target.substring(0, target.indexOf(':')));
        Files.createDirectories(work);
        Path file = work.resolve("migration-source.db");
        Files.deleteIfExists(file);
        String prefix = "mig" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        String source = "sqlite:" + file.toAbsolutePath();

        try (Depot depot = Depot.open(DepotTarget.config(source).prefix(prefix).build())) {
            var map = depot.map("data", dev.depot.Codec.LONG, dev.depot.Codec.BYTES);
            for (int from = 0; from < ENTRIES; from += 50_000) {
                map.putAll(BenchData.entries(from, 50_000, 0));
            }
        }

        AtomicReference<MigrationProgress> last = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (Depot depot = Depot.open(DepotTarget.config(target).prefix(prefix).migrateFrom(source)
                .migrationListener(last::set).build())) {
            long seconds = System.nanoTime() - t0;
            long copied = depot.map("data", dev.depot.Codec.LONG, dev.depot.Codec.BYTES).sizeLong();
            if (copied != ENTRIES) {
                throw new IllegalStateException("migrated " + copied + " entries, expected " + ENTRIES);
            }
            double rate = ENTRIES / (seconds / 1e9);
            result("migration", "depot@sqlite→" + store, rate);
            System.err.printf(Locale.ROOT, "migration sqlite → %s: %,d entries in %.1f s (%,.0f entries/s; listener: %s)%n",
                    store, ENTRIES, seconds / 1e9, rate, last.get() == null ? "-" : String.format(Locale.ROOT, "%,.0f/s", last.get().rate()));
        }

        if (pgJdbc != null) {
            double rate = copy(file, prefix + "_data", pgJdbc, "copy_" + prefix);
            result("migration", "copy@sqlite→postgres", rate);
        }
    }

    /** Reads every row of {@code table} in the SQLite file and streams it into a new PostgreSQL table with binary COPY. */
    private static double copy(Path file, String table, String pgJdbc, String into) throws Exception {
        try (Connection pg = DriverManager.getConnection(pgJdbc)) {
            try (Statement s = pg.createStatement()) {
                s.execute("CREATE TABLE " + into + " (k BIGINT NOT NULL PRIMARY KEY, v BYTEA NOT NULL)");
            }
            long t0 = System.nanoTime();
            long rows = 0;
            try (Connection lite = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                    PreparedStatement ps = lite.prepareStatement("SELECT k, v FROM " + table);
                    ResultSet rs = ps.executeQuery()) {
                CopyIn in = pg.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + into + " (k, v) FROM STDIN (FORMAT binary)");
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
                DataOutputStream out = new DataOutputStream(buffer);
                out.writeBytes("PGCOPY\n");
                out.write(new byte[] {(byte) 0xff, '\r', '\n', 0});
                out.writeInt(0);
                out.writeInt(0);
                while (rs.next()) {
                    byte[] v = rs.getBytes(2);
                    out.writeShort(2);
                    out.writeInt(8);
                    out.writeLong(rs.getLong(1));
                    out.writeInt(v.length);
                    out.write(v);
                    rows++;
                    if (buffer.size() >= 1 << 20) {
                        flush(in, buffer);
                    }
                }
                out.writeShort(-1);
                flush(in, buffer);
                in.endCopy();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = rows / seconds;
            System.err.printf(Locale.ROOT, "COPY sqlite → postgres: %,d rows in %.1f s (%,.0f rows/s)%n", rows, seconds, rate);
            return rate;
        }
    }

    private static void flush(CopyIn in, ByteArrayOutputStream buffer) throws IOException, java.sql.SQLException {
        in.writeToCopy(buffer.toByteArray(), 0, buffer.size());
        buffer.reset();
    }

    private static void result(String workload, String target, double entriesPerSecond) {
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%.1f\tNaN\tentries/s%n", workload, target, entriesPerSecond);
    }
}
