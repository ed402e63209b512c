package dev.depot.internal;

import dev.depot.DbMap;
import dev.depot.spi.RawMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a map over a store: single-key reads and plain writes use the store's
 * asynchronous calls ({@link RawMap#getAsync} and the others), so with a store that has an
 * asynchronous client no thread waits. Writes invalidate the cached key when they complete, so a
 * load racing with them cannot leave an older value cached. Everything else runs the owning
 * map's synchronous operation on a virtual thread ({@link ExecutorAsyncDbMap}).
 *
 * <p>Thread-safe. Bad arguments throw at once; store failures complete the future exceptionally.
 */
final class StoreAsyncView<K, V> extends ExecutorAsyncDbMap<K, V> {
    private final EntryCodec<K, V> codec;
    private final RawMap raw;
    private final Lifecycle life;
    private final ValueCache<K, V> cache;

    /** @param cache the owner's read cache, or a pass-through one when it has none */
    StoreAsyncView(DbMap<K, V> owner, EntryCodec<K, V> codec, RawMap raw, Lifecycle life, ValueCache<K, V> cache) {
        super(owner, false);
        this.codec = codec;
        this.raw = raw;
        this.life = life;
        this.cache = cache;
    }

    @Override
    public CompletableFuture<V> get(K key) {
        Objects.requireNonNull(key, "key");
        life.checkOpen();
        V hit = cache.peek(key);
        if (hit != null) {
            return CompletableFuture.completedFuture(hit);
        }
        byte[] kb = codec.encodeKeyForRead(key);
        if (kb == null) {
            return CompletableFuture.completedFuture(null);
        }
        return raw.getAsync(kb).thenApply(vb -> decodeOrNull(kb, vb));
    }

    @Override
    public CompletableFuture<Void> set(K key, V value) {
        life.checkOpen();
        byte[] kb = codec.encodeKey(key);
        byte[] vb = codec.encodeValue(value);
        return raw.setAsync(kb, vb).whenComplete((r, t) -> cache.invalidate(key));
    }

    @Override
    public CompletableFuture<V> put(K key, V value) {
        life.checkOpen();
        byte[] kb = codec.encodeKey(key);
        byte[] vb = codec.encodeValue(value);
        return raw.putAsync(kb, vb).whenComplete((r, t) -> cache.invalidate(key)).thenApply(prev -> decodeOrNull(kb, prev));
    }

    @Override
    public CompletableFuture<Boolean> delete(K key) {
        Objects.requireNonNull(key, "key");
        life.checkOpen();
        byte[] kb = codec.encodeKeyForRead(key);
        if (kb == null) {
            return CompletableFuture.completedFuture(false);
        }
        return raw.deleteAsync(kb).whenComplete((r, t) -> cache.invalidate(key));
    }

    private V decodeOrNull(byte[] kb, byte[] vb) {
        return vb == null ? null : codec.decodeValue(kb, vb);
    }
}
