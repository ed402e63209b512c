package dev.depot.internal;

import dev.depot.spi.Store;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Tells whether two opened stores are one: a random entry written to one's metadata is read
 * back from the other's, then removed. A URL is not a store's identity: the same database is
 * reached by another host name, a second path to the same file, or a host list that adds the
 * standby for failover. A "migration" between two such URLs would clear the maps it is about to
 * copy, so {@code open} asks this first. Not thread-safe across callers of the same pair; each
 * probe has its own key.
 */
final class SameStoreProbe {
    private SameStoreProbe() {}

    /** True when what {@code target} holds is what {@code source} holds (both opened for the same prefix). */
    static boolean same(Store source, Store target) {
        byte[] key = ("probe:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] value = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        target.metadata().set(key, value);
        try {
            return Arrays.equals(source.metadata().getForUpdate(key), value);
        } finally {
            target.metadata().delete(key);
        }
    }
}
