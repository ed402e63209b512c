package dev.depot.internal;

import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link RawMap} whose writes first ask the session lease whether this instance still owns
 * the prefix ({@link SessionLease#checkWritable()}), so a Depot that lost its lease writes
 * nothing more. Reads pass through; the asynchronous writes fail their future instead of throwing.
 */
final class FencedRawMap extends WriteDecorator {
    private final SessionLease lease;

    FencedRawMap(RawMap delegate, SessionLease lease) {
        super(delegate);
        this.lease = lease;
    }

    @Override
    public byte[] put(byte[] key, byte[] value) {
        lease.checkWritable();
        return delegate.put(key, value);
    }

    @Override
    public void set(byte[] key, byte[] value) {
        lease.checkWritable();
        delegate.set(key, value);
    }

    @Override
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        lease.checkWritable();
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public byte[] replace(byte[] key, byte[] value) {
        lease.checkWritable();
        return delegate.replace(key, value);
    }

    @Override
    public boolean replace(byte[] key, byte[] expected, byte[] value) {
        lease.checkWritable();
        return delegate.replace(key, expected, value);
    }

    @Override
    public byte[] remove(byte[] key) {
        lease.checkWritable();
        return delegate.remove(key);
    }

    @Override
    public boolean delete(byte[] key) {
        lease.checkWritable();
        return delegate.delete(key);
    }

    @Override
    public boolean remove(byte[] key, byte[] expected) {
        lease.checkWritable();
        return delegate.remove(key, expected);
    }

    @Override
    public void clear() {
        lease.checkWritable();
        delegate.clear();
    }

    @Override
    public void putAll(List<RawEntry> entries) {
        lease.checkWritable();
        delegate.putAll(entries);
    }

    @Override
    public CompletableFuture<Void> setAsync(byte[] key, byte[] value) {
        return fenced(() -> delegate.setAsync(key, value));
    }

    @Override
    public CompletableFuture<byte[]> putAsync(byte[] key, byte[] value) {
        return fenced(() -> delegate.putAsync(key, value));
    }

    @Override
    public CompletableFuture<Boolean> deleteAsync(byte[] key) {
        return fenced(() -> delegate.deleteAsync(key));
    }

    /** Starts {@code write} if the lease allows writes, else a future failed with the lease's refusal. */
    private <T> CompletableFuture<T> fenced(Supplier<CompletableFuture<T>> write) {
        try {
            lease.checkWritable();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return write.get();
    }
}
