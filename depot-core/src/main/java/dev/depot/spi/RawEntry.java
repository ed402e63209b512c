package dev.depot.spi;

/** One stored entry as bytes, as a {@link RawMap} reads and writes it. Arrays are not copied. */
public record RawEntry(byte[] key, byte[] value) {}
