package dev.depot.jdbc.internal;

import dev.depot.StorageType;
import java.util.Map;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL (12 or newer), directly or behind PgBouncer in transaction mode.
 *
 * <p>Columns: {@code INT64} keys are {@code BIGINT}; {@code TEXT} keys are {@code BYTEA} holding
 * the UTF-8 bytes, because PostgreSQL's {@code text} cannot hold U+0000, which is a valid Java
 * string character; {@code bytea} compares byte-wise, which for UTF-8 is code point order, so
 * keyset pages are ordered like the other stores. {@code BINARY} keys and values are
 * {@code BYTEA}. JSON values are {@code json}, not {@code jsonb}: {@code json} keeps the text
 * exactly as written, so the bytes read back are the bytes written and conditional writes compare
 * them exactly ({@code v::text = ?}); {@code jsonb} rejects {@code \u0000} escapes (a string
 * holding U+0000 could not be stored at all) and normalizes key order, whitespace and numbers,
 * so its equality is not byte equality. Operators query {@code json} with the same operators
 * ({@code v->>'name'}, {@code json_each}) and may cast to {@code jsonb} in an index expression.
 */
final class PostgresDialect extends SqlDialect {
    PostgresDialect() {
        // at most 32767 bind parameters: the wire protocol counts them in 16 bits
        super("PostgreSQL", "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
                32767, Map.of(StorageType.INT64, "BIGINT", StorageType.TEXT, "BYTEA", StorageType.BINARY, "BYTEA"),
                Map.of(StorageType.JSON, "JSON", StorageType.BINARY, "BYTEA"));
    }

    @Override
    public String valueParam(StorageType valueType) {
        return valueType == StorageType.JSON ? "CAST(? AS json)" : "?";
    }

    /** {@code json} has no equality operator; its text is exactly what was written, so compare that. */
    @Override
    public String valueEquals(StorageType valueType) {
        return valueType == StorageType.JSON ? "CAST(" + quote(VALUE) + " AS text) = ?" : quote(VALUE) + " = ?";
    }

    @Override
    public PreviousValueWrites previousValueWrites() {
        return PreviousValueWrites.ONE_STATEMENT;
    }

    /**
     * {@code INSERT ... SELECT * FROM unnest(keys, values) ON CONFLICT DO UPDATE}: one statement
     * and two parameters however many rows, so a bulk write is one round trip per 16 MiB and
     * works through PgBouncer in transaction mode. Chosen over {@code COPY} into a temporary table
     * merged with one {@code INSERT ... ON CONFLICT}: measured on PostgreSQL 15 with 100,000
     * rows, the merge alone costs more than the whole {@code unnest} upsert (see
     * docs/ARCHITECTURE.md, "Bulk writes and one-round-trip writes").
     */
    @Override
    public String arrayUpsert(String table, dev.depot.spi.RawMapSpec spec) {
        String keys = spec.keyType() == StorageType.INT64 ? "CAST(? AS bigint[])" : "CAST(? AS bytea[])";
        String values = spec.valueType() == StorageType.JSON ? "CAST(CAST(? AS text[]) AS json[])" : "CAST(? AS bytea[])";
        return "INSERT INTO " + quote(table) + " (" + quote(KEY) + ", " + quote(VALUE) + ") SELECT * FROM unnest(" + keys
                + ", " + values + ") ON CONFLICT (" + quote(KEY) + ") DO UPDATE SET " + quote(VALUE) + " = excluded."
                + quote(VALUE);
    }

    @Override
    public void bindKeyArray(PreparedStatement ps, int index, StorageType type, java.util.List<byte[]> keys) throws SQLException {
        java.sql.Array array;
        if (type == StorageType.INT64) {
            Long[] longs = new Long[keys.size()];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = java.nio.ByteBuffer.wrap(keys.get(i)).getLong();
            }
            array = ps.getConnection().createArrayOf("int8", longs);
        } else {
            array = ps.getConnection().createArrayOf("bytea", keys.toArray(new byte[0][]));
        }
        ps.setArray(index, array);
    }

    @Override
    public void bindValueArray(PreparedStatement ps, int index, StorageType type, java.util.List<byte[]> values)
            throws SQLException {
        java.sql.Array array;
        if (type == StorageType.JSON) {
            String[] texts = new String[values.size()];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = new String(values.get(i), java.nio.charset.StandardCharsets.UTF_8);
            }
            array = ps.getConnection().createArrayOf("text", texts);
        } else {
            array = ps.getConnection().createArrayOf("bytea", values.toArray(new byte[0][]));
        }
        ps.setArray(index, array);
    }

    @Override
    public String sessionQuery() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    public void bindKey(PreparedStatement ps, int index, StorageType type, byte[] key) throws SQLException {
        if (type == StorageType.TEXT) {
            ps.setBytes(index, key);
        } else {
            super.bindKey(ps, index, type, key);
        }
    }

    @Override
    public byte[] readKey(ResultSet rs, int column, StorageType type) throws SQLException {
        return type == StorageType.TEXT ? rs.getBytes(column) : super.readKey(rs, column, type);
    }

    /**
     * Class 08 and the JDBC connection exceptions, plus: 57P01-57P03 (administrator shutdown,
     * crash shutdown, cannot connect now: the server is stopping or starting) and 53300 (too
     * many connections).
     */
    @Override
    protected boolean isUnavailableCause(SQLException e) {
        String state = e.getSQLState();
        return super.isUnavailableCause(e) || (state != null && (state.startsWith("57P") || state.equals("53300")));
    }
}
