package dev.depot.bench.peers;

import dev.depot.bench.BenchData;
import dev.depot.bench.KvTarget;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/**
 * Redisson's {@link RMap} with a byte-array codec on Depot's hash, with Redisson's default
 * connection pool. Writes use {@code fastPut} (no previous value, like Depot's {@code set});
 * iteration reads {@code HSCAN} pages of 1,000 like Depot.
 */
public final class RedissonPeer implements KvTarget {
    private final RedissonClient client;
    private final RMap<byte[], byte[]> map;

    private RedissonPeer(RedissonClient client, RMap<byte[], byte[]> map) {
        this.client = client;
        this.map = map;
    }

    public static RedissonPeer open(String url, String hash) {
        URI uri = URI.create(url);
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + uri.getHost() + ":" + uri.getPort());
        RedissonClient client = Redisson.create(config);
        return new RedissonPeer(client, client.getMap(hash, ByteArrayCodec.INSTANCE));
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
        for (Map.Entry<byte[], byte[]> e : map.entrySet(1000)) {
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
