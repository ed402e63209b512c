package dev.depot.spi;

/** What a write did to one key of a map, as a {@link ChangeFeed} reports it. */
public enum ChangeKind {
    /** The key now has a value (put, replace, compute, merge, putAll). */
    PUT,
    /** The key was removed. */
    REMOVE,
    /** Every entry of the map was removed ({@link RawMap#clear()}); the event carries no key. */
    CLEAR
}
