package dev.depot.jdbc.internal;

import dev.depot.StorageType;
import dev.depot.spi.RawMapSpec;
import java.util.Map;
import java.sql.SQLException;
import java.util.Locale;

/**
 * MySQL (8.0 or newer) and MariaDB (10.5 or newer), through the MariaDB driver, which speaks to
 * both.
 *
 * <p>Columns: {@code INT64} keys are {@code BIGINT}; {@code TEXT} keys are
 * {@code VARCHAR(512) CHARACTER SET utf8mb4} with a binary collation that does not pad
 * ({@code utf8mb4_0900_bin} on MySQL, {@code utf8mb4_nopad_bin} on MariaDB): the older
 * {@code utf8mb4_bin} is PAD SPACE, under which {@code "a"} and {@code "a "} are one key.
 * {@code BINARY} keys are {@code VARBINARY(512)} (no padding either); values are
 * {@code LONGBLOB}. JSON values are {@code LONGTEXT} in that collation with a
 * {@code CHECK (JSON_VALID(v))}: on MariaDB this is exactly what its {@code JSON} type is, and on
 * MySQL it keeps the text as written, where MySQL's native {@code JSON} re-serializes it (key
 * order, spaces), so bytes read back would differ from bytes written and conditional writes
 * could not compare bytes. {@code JSON_EXTRACT(v, '$.name')} works on it in both.
 *
 * <p>Counts: connections use affected-rows semantics ({@code useAffectedRows=true}), so
 * {@code INSERT ... ON DUPLICATE KEY UPDATE k = k} returns 1 when it inserted and 0 when the
 * key existed, which is how insert-if-absent tells the cases apart (rather than
 * {@code INSERT IGNORE}, which would also turn data errors into warnings). The price is that an
 * {@code UPDATE} writing the value a row already has counts 0; {@link SqlRawMap} never relies on
 * such a count. Transactions run in READ COMMITTED, where a locking read of an absent key takes
 * no gap lock, so two writers inserting different keys do not deadlock.
 */
final class MySqlDialect extends SqlDialect {
    /** MySQL's {@code max_prepared_stmt_count}-independent limit on placeholders per statement. */
    private static final int MAX_PARAMETERS = 65535;
    /** Error codes that mean "not reachable now": too many connections, server gone, lost, shutting down. */
    private static final int ER_CON_COUNT_ERROR = 1040;
    private static final int ER_SERVER_SHUTDOWN = 1053;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final int CR_CONNECTION_ERROR = 2002;
    private static final int CR_CONN_HOST_ERROR = 2003;
    private static final int CR_SERVER_GONE_ERROR = 2006;
    private static final int CR_SERVER_LOST = 2013;
    private static final int ER_NET_PACKET_TOO_LARGE = 1153;

    private final boolean mariaDb;
    private final long maxAllowedPacket;
    private final boolean caseInsensitive;

    /**
     * @param mariaDb          true for MariaDB, false for MySQL (picks the collation)
     * @param maxAllowedPacket the server's {@code max_allowed_packet}, for statement sizes and messages
     * @param caseInsensitive  true when {@code lower_case_table_names} is not 0
     */
    MySqlDialect(boolean mariaDb, long maxAllowedPacket, boolean caseInsensitive) {
        super(mariaDb ? "MariaDB" : "MySQL", "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
                MAX_PARAMETERS, Map.of(StorageType.INT64, "BIGINT",
                        StorageType.TEXT, "VARCHAR(512) CHARACTER SET utf8mb4 COLLATE " + collation(mariaDb),
                        StorageType.BINARY, "VARBINARY(512)"),
                Map.of(StorageType.JSON, "LONGTEXT CHARACTER SET utf8mb4 COLLATE " + collation(mariaDb),
                        StorageType.BINARY, "LONGBLOB"));
        this.mariaDb = mariaDb;
        this.maxAllowedPacket = maxAllowedPacket;
        this.caseInsensitive = caseInsensitive;
    }

    /** READ COMMITTED: a locking read of an absent key then takes no gap lock (see the class comment). */
    @Override
    public String poolIsolation() {
        return "TRANSACTION_READ_COMMITTED";
    }

    /** The binary collation without padding. */
    String collation() {
        return collation(mariaDb);
    }

    private static String collation(boolean mariaDb) {
        return mariaDb ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin";
    }

    @Override
    public String createTable(String table, RawMapSpec spec) {
        String check = spec.valueType() == StorageType.JSON ? ", CHECK (JSON_VALID(" + quote(VALUE) + "))" : "";
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (" + quote(KEY) + " " + keyColumnType(spec.keyType())
                + " NOT NULL PRIMARY KEY, " + quote(VALUE) + " " + valueColumnType(spec.valueType()) + " NOT NULL" + check
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + collation();
    }

    @Override
    public String createChangeLog(String table) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                + " map VARCHAR(64) CHARACTER SET ascii NOT NULL, k VARBINARY(" + dev.depot.DepotConfig.MAX_KEY_BYTES + "),"
                + " kind CHAR(1) CHARACTER SET ascii NOT NULL, origin VARCHAR(255) CHARACTER SET utf8mb4 NOT NULL)"
                + " ENGINE=InnoDB";
    }

    /** The driver binds on the client and the pool allows it ({@code allowMultiQueries=true}). */
    @Override
    public boolean multiStatements() {
        return true;
    }

    @Override
    public PreviousValueWrites previousValueWrites() {
        return PreviousValueWrites.MULTI_STATEMENT;
    }

    @Override
    public String sessionQuery() {
        return "SELECT CONNECTION_ID()";
    }

    @Override
    public boolean caseInsensitiveTableNames() {
        return caseInsensitive;
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier + '`';
    }

    @Override
    public String upsert(String table, RawMapSpec spec, int rows) {
        return insertRows(table, spec, rows) + " ON DUPLICATE KEY UPDATE " + quote(VALUE) + " = VALUES(" + quote(VALUE) + ")";
    }

    /** Counts 1 when inserted, 0 when the key exists (affected-rows semantics, see the class comment). */
    @Override
    public String insertIfAbsent(String table, RawMapSpec spec) {
        return insertRows(table, spec, 1) + " ON DUPLICATE KEY UPDATE " + quote(KEY) + " = " + quote(KEY);
    }

    /**
     * As many rows as the placeholder limit allows: the bytes per statement
     * ({@link #maxStatementBytes}, from {@code max_allowed_packet}) are what bounds a bulk
     * statement, and fewer, longer statements cost fewer round trips and commits of the log.
     */
    @Override
    public int maxRowsPerUpsert() {
        return MAX_PARAMETERS / 2;
    }

    /** Half the server's packet limit, at most 16 MiB, so a batch statement always fits. */
    @Override
    public long maxStatementBytes() {
        return Math.max(1, Math.min(super.maxStatementBytes(), maxAllowedPacket / 2));
    }

    /** Room for the statement text and protocol headers around the bound bytes. */
    private static final long STATEMENT_OVERHEAD = 16 * 1024;

    /**
     * The server closes the connection on a packet over {@code max_allowed_packet} (the driver
     * then sees only a socket error), so Depot refuses such a statement before sending it.
     */
    @Override
    public String tooLarge(long boundBytes) {
        return boundBytes + STATEMENT_OVERHEAD > maxAllowedPacket ? packetMessage() : null;
    }

    private String packetMessage() {
        return "the statement is larger than the server's max_allowed_packet (" + maxAllowedPacket
                + " bytes). Raise max_allowed_packet on the " + name()
                + " server (e.g. max_allowed_packet=256M in its configuration) or store smaller values";
    }

    @Override
    public String limitExceeded(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if ((t instanceof SQLException s && s.getErrorCode() == ER_NET_PACKET_TOO_LARGE)
                    || m.contains("max_allowed_packet") || m.contains("packet too large")) {
                return packetMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    @Override
    public boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == ER_LOCK_DEADLOCK) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return super.isRetryable(e);
    }

    @Override
    protected boolean isUnavailableCause(SQLException e) {
        if (limitExceeded(e) != null) {
            return false;
        }
        int code = e.getErrorCode();
        return super.isUnavailableCause(e) || code == ER_CON_COUNT_ERROR || code == ER_SERVER_SHUTDOWN
                || code == CR_CONNECTION_ERROR || code == CR_CONN_HOST_ERROR || code == CR_SERVER_GONE_ERROR
                || code == CR_SERVER_LOST;
    }
}
