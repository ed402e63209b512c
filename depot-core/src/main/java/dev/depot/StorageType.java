package dev.depot;

/**
 * How a codec's bytes are laid out in a store, so that SQL stores can give keys a typed
 * column (an operator can read them with {@code psql} or {@code mysql}) and keep JSON in a
 * JSON column.
 *
 * <p>The bytes must honour the form the codec declares; Depot checks what it can and rejects
 * the rest with {@link IllegalArgumentException} before anything is written.
 */
public enum StorageType {
    /** Exactly 8 bytes, a big-endian two's-complement {@code long}; a {@code BIGINT} column. */
    INT64,
    /** Well-formed UTF-8 text; a text column with a binary collation. */
    TEXT,
    /** Any bytes; a binary column. */
    BINARY,
    /** A UTF-8 JSON document; a {@code JSONB}/{@code JSON} column for values, binary for keys. */
    JSON
}
