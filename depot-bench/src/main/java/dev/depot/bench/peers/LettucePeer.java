package dev.depot.bench.peers;

import dev.depot.bench.BenchData;
import dev.depot.bench.KvTarget;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Raw Lettuce on Depot's layout: one hash per map, fields the 8-byte keys, {@code HGET}/{@code HSET}
 * over one shared connection (Lettuce's recommended use; Depot also multiplexes one). {@code putAll}
 * sends multi-field {@code HSET}s of 10,000 fields, pipelined; iteration is {@code HSCAN COUNT 1000}.
 */
public final class LettucePeer implements KvTarget {
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;
    private final byte[] hash;

    private LettucePeer(RedisClient client, String hash) {
        this.client = client;
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.redis = connection.sync();
        this.hash = hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static LettucePeer open(String url, String hash) {
        return new LettucePeer(RedisClient.create(url), hash);
    }

    @Override
    public byte[] get(Long key) {
        return redis.hget(hash, BenchData.keyBytes(key));
    }

    @Override
    public void set(Long key, byte[] value) {
        redis.hset(hash, BenchData.keyBytes(key), value);
    }

    @Override
    public void putAll(Map<Long, byte[]> entries) {
        List<RedisFuture<Long>> sent = new ArrayList<>();
        Map<byte[], byte[]> chunk = new LinkedHashMap<>();
        for (Map.Entry<Long, byte[]> e : entries.entrySet()) {
            chunk.put(BenchData.keyBytes(e.getKey()), e.getValue());
            if (chunk.size() == 10_000) {
                sent.add(connection.async().hset(hash, chunk));
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            sent.add(connection.async().hset(hash, chunk));
        }
        for (RedisFuture<Long> f : sent) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public long iterate() {
        long sum = 0;
        ScanArgs args = ScanArgs.Builder.limit(1000);
        MapScanCursor<byte[], byte[]> cursor = redis.hscan(hash, args);
        while (true) {
            for (Map.Entry<byte[], byte[]> e : cursor.getMap().entrySet()) {
                sum += BenchData.keyOf(e.getKey()) + e.getValue()[0];
            }
            if (cursor.isFinished()) {
                return sum;
            }
            cursor = redis.hscan(hash, ScanCursor.of(cursor.getCursor()), args);
        }
    }

    @Override
    public long size() {
        return redis.hlen(hash);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
