package dev.depot.bench;

import dev.depot.bench.peers.BulkPeer;
import dev.depot.bench.peers.CaffeinePeer;
import dev.depot.bench.peers.ConcurrentHashMapPeer;
import dev.depot.bench.peers.JdbcPeer;
import dev.depot.bench.peers.LettucePeer;
import dev.depot.bench.peers.MvStorePeer;
import dev.depot.bench.peers.RedissonCachedPeer;
import dev.depot.bench.peers.RedissonPeer;
import java.util.Locale;

/**
 * The targets by the names used in the JMH {@code target} parameter and in the report:
 * {@code <library>@<store>}, e.g. {@code depot@sqlite}, {@code jdbc@postgres}, {@code lettuce@redis},
 * or a bare name for in-JVM peers ({@code chm}, {@code caffeine}, {@code mvstore}).
 *
 * <p>Depot variants: {@code depot} (read cache off, write-through), {@code depot-cached} (the
 * default cache: 10,000 entries, 5-minute TTL) and {@code depot-wb} (write-behind, cache off), {@code depot-wbj} (journaled
 * write-behind, cache off, a fresh session folder in the temporary folder); every one of them opens with
 * {@code sharedAccess(true)}, so its change feed runs. {@code depot-local} and {@code depot-cached-local} are
 * the first two without sharedAccess (no feed, a lease, prefix {@link BenchData#LOCAL_PREFIX}): the cost
 * rows of issue 14. {@code redisson-cached} is Redisson's {@code RLocalCachedMap} (INVALIDATE).
 * Where each store is comes from system properties set by {@link BenchMain}:
 * {@code depot.bench.url.<store>} (a Depot URL) and {@code depot.bench.mvstore} (a file).
 */
public final class Target {
    private Target() {}

    public static KvTarget open(String name, String map) {
        int at = name.indexOf('@');
        String lib = at < 0 ? name : name.substring(0, at);
        String store = at < 0 ? "" : name.substring(at + 1);
        return switch (lib) {
            case "depot" -> DepotTarget.open(url(store), map, DepotTarget.Mode.UNCACHED);
            case "depot-cached" -> DepotTarget.open(url(store), map, DepotTarget.Mode.CACHED);
            case "depot-local" -> DepotTarget.open(url(store), map, DepotTarget.Mode.UNCACHED, false);
            case "depot-cached-local" -> DepotTarget.open(url(store), map, DepotTarget.Mode.CACHED, false);
            case "depot-wb" -> DepotTarget.open(url(store), map, DepotTarget.Mode.WRITE_BEHIND);
            case "depot-wbj" -> DepotTarget.open(url(store), map, DepotTarget.Mode.WRITE_BEHIND_JOURNALED);
            case "jdbc" -> JdbcPeer.open(url(store), BenchData.PREFIX + "_" + map);
            case "bulk" -> BulkPeer.open(url(store), BenchData.PREFIX + "_" + map);
            case "lettuce" -> LettucePeer.open(url(store), redisHash(map));
            case "redisson" -> RedissonPeer.open(url(store), redisHash(map));
            case "redisson-cached" -> RedissonCachedPeer.open(url(store), redisHash(map));
            case "chm" -> new ConcurrentHashMapPeer();
            case "caffeine" -> new CaffeinePeer();
            case "mvstore" -> MvStorePeer.open(property("depot.bench.mvstore"), map);
            default -> throw new IllegalArgumentException("unknown target " + name);
        };
    }

    /** The store a target name runs on: what follows {@code @}, else the name itself. */
    public static String store(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(at + 1);
    }

    /** Depot's hash of a map in Redis (docs/redis-layout.md), shared by the Redis peers. */
    static String redisHash(String map) {
        return "{" + BenchData.PREFIX + ":" + map + "}";
    }

    static String url(String store) {
        if (store.equals("memory")) {
            return "memory:";
        }
        return property("depot.bench.url." + store.toLowerCase(Locale.ROOT));
    }

    private static String property(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + key + " is not set; run the benchmarks through bin/bench");
        }
        return v;
    }
}
