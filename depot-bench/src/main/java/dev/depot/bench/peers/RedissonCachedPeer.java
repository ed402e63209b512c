package dev.depot.bench.peers;

import dev.depot.bench.BenchData;
import dev.depot.bench.KvTarget;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/**
 * Redisson's {@link RLocalCachedMap} on Depot's hash: a local cache sized like Depot's default
 * (10,000 entries, 5 minutes) kept coherent by Redisson's pub/sub invalidation
 * ({@code SyncStrategy.INVALIDATE}), the peer of Depot's shared cached map (issue 14).
 * Thread-safe as Redisson is.
 */
public final class RedissonCachedPeer implements KvTarget {
    private final RedissonClient client;
    private final RLocalCachedMap<byte[], byte[]> map;

    private RedissonCachedPeer(RedissonClient client, RLocalCachedMap<byte[], byte[]> map) {
        this.client = client;
        this.map = map;
    }

    public static RedissonCachedPeer open(String url, String hash) {
        URI uri = URI.create(url);
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + uri.getHost() + ":" + uri.getPort());
        RedissonClient client = Redisson.create(config);
        LocalCachedMapOptions<byte[], byte[]> options = LocalCachedMapOptions.<byte[], byte[]>name(hash)
                .codec(ByteArrayCodec.INSTANCE)
                .cacheSize(10_000)
                .timeToLive(Duration.ofMinutes(5))
                .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE);
        return new RedissonCachedPeer(client, client.getLocalCachedMap(options));
    }

    @Override
    public byte[] get(Long key) {
        return map.get(BenchData.keyBytes(key));
    }

    @Override
    public void set(Long key, byte[] value) {
        map.fastPut(BenchData.keyBytes(key), value);
    }

    @Override
    public void putAll(Map<Long, byte[]> entries) {
        Map<byte[], byte[]> bytes = HashMap.newHashMap(entries.size());
        entries.forEach((k, v) -> bytes.put(BenchData.keyBytes(k), v));
        map.putAll(bytes, 10_000);
    }

    @Override
    public long iterate() {
        long sum = 0;
        for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
            sum += BenchData.keyOf(e.getKey()) + e.getValue()[0];
        }
        return sum;
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
