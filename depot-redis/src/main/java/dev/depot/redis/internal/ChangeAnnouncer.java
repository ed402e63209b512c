package dev.depot.redis.internal;

import dev.depot.spi.ChangeKind;
import java.util.List;

/**
 * What one map's writes need to announce themselves once the store's change feed is on: the
 * prefix's channel, this process's origin and the map's name. The announcing scripts
 * ({@link RedisScripts#runAnnouncing}) publish the message built here in the same script as the
 * write. Immutable and thread-safe.
 */
record ChangeAnnouncer(byte[] channel, String origin, String map) {

    /** The encoded message for {@code keys} (none for a clear). */
    byte[] message(ChangeKind kind, List<byte[]> keys) {
        return new ChangeMessage(origin, kind, map, keys).encode();
    }

    byte[] message(ChangeKind kind, byte[] key) {
        return message(kind, List.of(key));
    }
}
