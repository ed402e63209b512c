package dev.depot.redis.internal;

import java.nio.charset.StandardCharsets;

/**
 * Where a prefix's maps live in Redis (see {@code docs/redis-layout.md}): each map is one hash
 * at {@code {<prefix>:<map>}}, the metadata map is the hash {@code {<prefix>:depot_meta}}.
 *
 * <p>The whole key is a Cluster hash tag, so the slot depends on prefix and map together: maps
 * spread over the nodes, and any key added for a map later ({@code {<prefix>:<map>}:<suffix>})
 * lands in the map's slot, so one Lua script can still touch both. Prefix and map name are
 * validated by core ({@code [A-Za-z][A-Za-z0-9_]*}, {@code [A-Za-z0-9_]+}), so they contain no
 * braces or colons and two (prefix, map) pairs never share a key.
 */
final class RedisKeys {
    /** The metadata map's name, as core names it. */
    static final String META = "depot_meta";

    private RedisKeys() {}

    /** The key of map {@code name} of {@code prefix}, as text. */
    static String mapKeyText(String prefix, String name) {
        return "{" + prefix + ":" + name + "}";
    }

    /** The key of map {@code name} of {@code prefix}, as the bytes sent to Redis. */
    static byte[] mapKey(String prefix, String name) {
        return mapKeyText(prefix, name).getBytes(StandardCharsets.US_ASCII);
    }
}
