package dev.depot.internal;

import dev.depot.spi.RawMap;
import dev.depot.spi.RawPage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link RawMap} layer that changes only what writes do ({@link FencedRawMap} checks the lease,
 * {@link AnnouncingRawMap} reports them): reads go to the map under it unchanged. Every write
 * method stays abstract on purpose, so a layer cannot forget one (a write forwarded by a base
 * class would slip past the lease).
 */
abstract class WriteDecorator implements RawMap {
    protected final RawMap delegate;

    WriteDecorator(RawMap delegate) {
        this.delegate = delegate;
    }

    @Override
    public final byte[] get(byte[] key) {
        return delegate.get(key);
    }

    @Override
    public final byte[] getForUpdate(byte[] key) {
        return delegate.getForUpdate(key);
    }

    @Override
    public final boolean containsKey(byte[] key) {
        return delegate.containsKey(key);
    }

    @Override
    public final long size() {
        return delegate.size();
    }

    @Override
    public final List<byte[]> getAll(List<byte[]> keys) {
        return delegate.getAll(keys);
    }

    @Override
    public final CompletableFuture<byte[]> getAsync(byte[] key) {
        return delegate.getAsync(key);
    }

    @Override
    public final RawPage scan(byte[] cursor, int limit) {
        return delegate.scan(cursor, limit);
    }

    // The writes: each layer decides.

    @Override
    public abstract CompletableFuture<Void> setAsync(byte[] key, byte[] value);

    @Override
    public abstract CompletableFuture<byte[]> putAsync(byte[] key, byte[] value);

    @Override
    public abstract CompletableFuture<Boolean> deleteAsync(byte[] key);
}
