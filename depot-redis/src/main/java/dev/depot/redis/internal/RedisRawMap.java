package dev.depot.redis.internal;

import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawPage;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import dev.depot.spi.ChangeKind;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One map as one Redis hash: field = key bytes, value = value bytes, both verbatim, so
 * {@code redis-cli HGET} shows what Depot stored.
 *
 * <p>Plain reads and writes are single hash commands ({@code HGET}, {@code HEXISTS},
 * {@code HSET}, {@code HDEL}, {@code HLEN}), atomic by themselves. Operations that return the
 * previous value or depend on it run as Lua scripts ({@link RedisScripts}) on the map's own key,
 * so they are atomic between processes and, in a Cluster, on one node. {@code clear} unlinks
 * the key. {@code putAll} sends one multi-field {@code HSET} per chunk, all chunks pipelined.
 * {@code scan} pages with {@code HSCAN} (see {@link HashScanCursor}). Every write goes through
 * {@link RedisConnection#write}, which waits for replicas when the URL has {@code waitReplicas}.
 * With a {@link ChangeAnnouncer} (the store's change feed is on), every write runs the announcing
 * form of a script instead, which also publishes the change, and only when it changed something.
 *
 * <p>Iteration is as weakly consistent as {@code HSCAN}: an entry present for the whole scan
 * is returned; one added or removed meanwhile may or may not be; and, as Redis documents for
 * {@code SCAN}, an entry may be returned twice when the hash is resized (shrunk) while a scan of
 * it is under way.
 */
final class RedisRawMap implements RawMap {
    /** Most bytes of keys and values in one {@code HSET} of {@code putAll}; larger batches go out as several, pipelined. */
    static final int MAX_CHUNK_BYTES = 8 << 20;
    /** Most fields in one {@code HSET} of {@code putAll}. */
    static final int MAX_CHUNK_FIELDS = 10_000;

    private final RedisConnection redis;
    private final byte[] key;
    private final String label;
    /** Plain reads may be served by a replica ({@code readFrom=replicaPreferred}); never for the metadata. */
    private final boolean replicaReads;
    /** Announces each change on the prefix's channel; null when the store's change feed is off. */
    private final ChangeAnnouncer announcer;

    /**
     * @param key       the hash's key
     * @param label     how messages name the map, e.g. {@code map 'peers'}
     * @param announcer null to write without announcing (the metadata, or no change feed)
     */
    RedisRawMap(RedisConnection redis, byte[] key, String label, boolean replicaReads, ChangeAnnouncer announcer) {
        this.redis = redis;
        this.key = key;
        this.label = label;
        this.replicaReads = replicaReads && redis.readsReplicas();
        this.announcer = announcer;
    }

    /**
     * Runs {@code script} on key {@code k} (its first argument) with {@code args}: the plain form,
     * or, with the change feed on, the announcing form that publishes a {@code kind} change of
     * {@code k} when it writes.
     */
    private <T> CompletionStage<T> run(RedisClusterAsyncCommands<byte[], byte[]> c, RedisScripts script, ChangeKind kind,
                                       byte[] k, byte[]... args) {
        if (announcer == null) {
            return script.run(c, key, args);
        }
        return script.runAnnouncing(c, key, announcer.channel(), announcer.message(kind, k), args);
    }

    /** A replica answers when the connection reads from replicas and this map allows it; else the master. */
    @Override
    public byte[] get(byte[] k) {
        return replicaReads ? redis.call("get from " + label, c -> c.hget(key, k)) : getForUpdate(k);
    }

    /** Always the master: plainly when reads go there anyway, else as a script, which Lettuce never sends to a replica. */
    @Override
    public byte[] getForUpdate(byte[] k) {
        if (!redis.readsReplicas()) {
            return redis.call("get from " + label, c -> c.hget(key, k));
        }
        return redis.call("get from " + label, c -> RedisScripts.GET.run(c, key, k));
    }

    /** One HMGET for the whole list: core hands over pages of keys. */
    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<KeyValue<byte[], byte[]>> found = redis.call("get from " + label, c -> c.hmget(key, keys.toArray(byte[][]::new)));
        List<byte[]> values = new ArrayList<>(keys.size());
        for (KeyValue<byte[], byte[]> kv : found) {
            values.add(kv.hasValue() ? kv.getValue() : null);
        }
        return values;
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] k) {
        return redis.callAsync("get from " + label, c -> c.hget(key, k));
    }

    @Override
    public CompletableFuture<Void> setAsync(byte[] k, byte[] value) {
        if (announcer == null) {
            return redis.writeAsync("put into " + label, c -> c.hset(key, k, value)).thenApply(ignored -> null);
        }
        return redis.<Long>writeAsync("put into " + label, c -> run(c, RedisScripts.SET, ChangeKind.PUT, k, k, value))
                .thenApply(ignored -> null);
    }

    @Override
    public CompletableFuture<byte[]> putAsync(byte[] k, byte[] value) {
        return redis.writeAsync("put into " + label, c -> run(c, RedisScripts.PUT, ChangeKind.PUT, k, k, value));
    }

    @Override
    public CompletableFuture<Boolean> deleteAsync(byte[] k) {
        return redis.<Long>writeAsync("remove from " + label, c -> announcer == null ? c.hdel(key, k)
                : run(c, RedisScripts.DELETE, ChangeKind.REMOVE, k, k)).thenApply(n -> n != null && n > 0);
    }

    @Override
    public boolean containsKey(byte[] k) {
        return Boolean.TRUE.equals(redis.call("look up a key of " + label, c -> c.hexists(key, k)));
    }

    @Override
    public byte[] put(byte[] k, byte[] value) {
        return redis.write("put into " + label, c -> run(c, RedisScripts.PUT, ChangeKind.PUT, k, k, value));
    }

    @Override
    public void set(byte[] k, byte[] value) {
        if (announcer == null) {
            redis.write("put into " + label, c -> c.hset(key, k, value));
        } else {
            redis.<Long>write("put into " + label, c -> run(c, RedisScripts.SET, ChangeKind.PUT, k, k, value));
        }
    }

    @Override
    public byte[] putIfAbsent(byte[] k, byte[] value) {
        return redis.write("putIfAbsent into " + label, c -> run(c, RedisScripts.PUT_IF_ABSENT, ChangeKind.PUT, k, k, value));
    }

    @Override
    public byte[] replace(byte[] k, byte[] value) {
        return redis.write("replace in " + label, c -> run(c, RedisScripts.REPLACE, ChangeKind.PUT, k, k, value));
    }

    @Override
    public boolean replace(byte[] k, byte[] expected, byte[] value) {
        Long done = redis.write("replace in " + label, c -> run(c, RedisScripts.REPLACE_IF, ChangeKind.PUT, k, k, expected, value));
        return done != null && done == 1L;
    }

    @Override
    public byte[] remove(byte[] k) {
        return redis.write("remove from " + label, c -> run(c, RedisScripts.REMOVE, ChangeKind.REMOVE, k, k));
    }

    @Override
    public boolean delete(byte[] k) {
        Long n = redis.write("remove from " + label, c -> announcer == null ? c.hdel(key, k)
                : run(c, RedisScripts.DELETE, ChangeKind.REMOVE, k, k));
        return n != null && n > 0;
    }

    @Override
    public boolean remove(byte[] k, byte[] expected) {
        Long done = redis.write("remove from " + label, c -> run(c, RedisScripts.REMOVE_IF, ChangeKind.REMOVE, k, k, expected));
        return done != null && done == 1L;
    }

    @Override
    public long size() {
        Long n = redis.call("count the entries of " + label, c -> c.hlen(key));
        return n == null ? 0 : n;
    }

    @Override
    public void clear() {
        redis.write("clear " + label, c -> announcer == null ? c.unlink(key)
                : RedisScripts.CLEAR.runAnnouncing(c, key, announcer.channel(), announcer.message(ChangeKind.CLEAR, List.of())));
    }

    @Override
    public void putAll(List<RawEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Map<byte[], byte[]>> chunks = chunks(entries);
        redis.write("putAll into " + label, c -> {
            List<CompletableFuture<?>> sent = new ArrayList<>(chunks.size());
            for (Map<byte[], byte[]> chunk : chunks) {
                sent.add(announcer == null ? c.hset(key, chunk).toCompletableFuture() : putAllAnnouncing(c, chunk));
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
        });
    }

    /** One chunk and one message naming all its keys, in one script. */
    private CompletableFuture<Long> putAllAnnouncing(RedisClusterAsyncCommands<byte[], byte[]> c, Map<byte[], byte[]> chunk) {
        byte[][] pairs = new byte[chunk.size() * 2][];
        List<byte[]> keys = new ArrayList<>(chunk.size());
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : chunk.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
            keys.add(e.getKey());
        }
        return RedisScripts.PUT_ALL.<Long>runAnnouncing(c, key, announcer.channel(), announcer.message(ChangeKind.PUT, keys),
                pairs).toCompletableFuture();
    }

    /** Splits a batch into HSET-sized chunks, keeping its order (a later duplicate key wins). */
    static List<Map<byte[], byte[]>> chunks(List<RawEntry> entries) {
        List<Map<byte[], byte[]>> chunks = new ArrayList<>();
        // byte[] keys compare by identity here, so duplicates stay and HSET applies them in order
        Map<byte[], byte[]> chunk = new LinkedHashMap<>();
        long bytes = 0;
        for (RawEntry e : entries) {
            long size = (long) e.key().length + e.value().length;
            if (!chunk.isEmpty() && (bytes + size > MAX_CHUNK_BYTES || chunk.size() >= MAX_CHUNK_FIELDS)) {
                chunks.add(chunk);
                chunk = new LinkedHashMap<>();
                bytes = 0;
            }
            chunk.put(e.key(), e.value());
            bytes += size;
        }
        chunks.add(chunk);
        return chunks;
    }

    @Override
    public RawPage scan(byte[] cursor, int limit) {
        HashScanCursor at = HashScanCursor.decode(cursor, label);
        if (!at.pending().isEmpty()) {
            return pendingPage(at, limit);
        }
        MapScanCursor<byte[], byte[]> step = redis.call("iterate over " + label,
                c -> c.hscan(key, ScanCursor.of(at.redisCursor()), ScanArgs.Builder.limit(limit)));
        List<RawEntry> page = new ArrayList<>(Math.min(step.getMap().size(), limit));
        List<byte[]> surplus = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : step.getMap().entrySet()) {
            if (page.size() < limit) {
                page.add(new RawEntry(e.getKey(), e.getValue()));
            } else {
                surplus.add(e.getKey());
            }
        }
        HashScanCursor next = new HashScanCursor(step.getCursor(), step.isFinished(), surplus);
        return new RawPage(page, next.encodeOrNull());
    }

    /** The next page of keys left over from an {@code HSCAN} step, read with one {@code HMGET}. */
    private RawPage pendingPage(HashScanCursor at, int limit) {
        List<byte[]> pending = at.pending();
        int n = Math.min(limit, pending.size());
        byte[][] fields = pending.subList(0, n).toArray(new byte[0][]);
        List<KeyValue<byte[], byte[]>> values = redis.call("iterate over " + label, c -> c.hmget(key, fields));
        List<RawEntry> page = new ArrayList<>(n);
        for (int i = 0; i < values.size(); i++) {
            KeyValue<byte[], byte[]> kv = values.get(i);
            if (kv.hasValue()) {
                page.add(new RawEntry(fields[i], kv.getValue()));
            }
        }
        HashScanCursor next = new HashScanCursor(at.redisCursor(), at.finished(),
                List.copyOf(pending.subList(n, pending.size())));
        return new RawPage(page, next.encodeOrNull());
    }
}
