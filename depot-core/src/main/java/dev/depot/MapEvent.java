package dev.depot;

/**
 * One change of a map, as a {@link MapListener} receives it.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface MapEvent<K, V> {

    /** What happened. */
    enum Kind {
        /** The key has a new value. */
        PUT,
        /** The key was removed. */
        REMOVE,
        /** Every entry of the map was removed; {@link #key()} is null. */
        CLEAR,
        /**
         * Events may have been lost (the listener fell behind, or the store's notification
         * channel was down); re-read what matters. {@link #key()} is null.
         */
        GAP
    }

    Kind kind();

    /** The changed key; null for {@link Kind#CLEAR} and {@link Kind#GAP}. */
    K key();

    /**
     * The key's value now, read from the map when this method is called (so it may be newer than
     * the change this event reports); null when absent, and for {@link Kind#CLEAR} and
     * {@link Kind#GAP}. Throws what {@link DbMap#get} throws.
     */
    V value();

    /** True when the change was made by this process, false when another process made it. */
    boolean local();
}
