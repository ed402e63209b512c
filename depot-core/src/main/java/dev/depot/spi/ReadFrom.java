package dev.depot.spi;

import java.util.Locale;

/**
 * Where a store that has replicas sends plain reads: the store URL's {@code readFrom} parameter
 * ({@code DEPOT_READ_FROM}), read by the stores that can follow it (PostgreSQL with a replica,
 * Redis Sentinel and Cluster). Writes, conditional operations and the reads of
 * read-modify-writes ({@link RawMap#getForUpdate}) always go to the primary.
 */
public enum ReadFrom {
    /** Every read goes to the primary (the default). */
    PRIMARY("primary"),
    /** Plain reads go to a replica when one answers, else to the primary. */
    REPLICA_PREFERRED("replicaPreferred");

    /** The URL parameter's name. */
    public static final String PARAM = "readFrom";

    private final String text;

    ReadFrom(String text) {
        this.text = text;
    }

    /**
     * The URL's {@code readFrom}, {@link #PRIMARY} when absent; case does not matter.
     *
     * @throws IllegalArgumentException naming the parameter, the value and the URL (masked) for any other value
     */
    public static ReadFrom of(StoreUrl url) {
        String v = url.param(PARAM, null);
        if (v == null) {
            return PRIMARY;
        }
        for (ReadFrom r : values()) {
            if (r.text.toLowerCase(Locale.ROOT).equals(v.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException(PARAM + " is 'primary' or 'replicaPreferred', not '" + v + "', in " + url);
    }

    /** The parameter's value, as written in a URL. */
    @Override
    public String toString() {
        return text;
    }
}
