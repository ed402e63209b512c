package dev.depot.internal.observe;

import dev.depot.spi.DepotObserver.StoreCalls;
import dev.depot.spi.DepotObserver.StoreOp;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawPage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Times every call to the store's own {@link RawMap} (the innermost layer, so the time is the
 * store's): hands it to the observer's recorder, if any, and commits a JFR slow-call event when it
 * reaches the threshold. Synchronous calls allocate nothing here; asynchronous ones are timed to
 * their completion. Thread-safe as the map under it.
 */
public final class ObservedRawMap implements RawMap {
    private final RawMap delegate;
    /** Null: no observer asked for this map's calls. */
    private final StoreCalls calls;
    private final long thresholdNanos;
    private final String store;
    private final String map;

    public ObservedRawMap(RawMap delegate, StoreCalls calls, long thresholdNanos, String store, String map) {
        this.delegate = delegate;
        this.calls = calls;
        this.thresholdNanos = thresholdNanos;
        this.store = store;
        this.map = map;
    }

    private void done(StoreOp op, long started, boolean failed) {
        long nanos = System.nanoTime() - started;
        if (calls != null) {
            calls.record(op, nanos, failed);
        }
        if (nanos >= thresholdNanos) {
            JfrEvents.slowCall(store, map, op, nanos, failed);
        }
    }

    /** One timed call; a plain method rather than a lambda on the synchronous paths, which must not allocate. */
    private <T> CompletableFuture<T> timedAsync(StoreOp op, Supplier<CompletableFuture<T>> call) {
        long t = System.nanoTime();
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            done(op, t, true);
            throw e;
        }
        return f.whenComplete((v, e) -> done(op, t, e != null));
    }

    @Override
    public byte[] get(byte[] key) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            byte[] v = delegate.get(key);
            ok = true;
            return v;
        } finally {
            done(StoreOp.GET, t, !ok);
        }
    }

    @Override
    public boolean containsKey(byte[] key) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            boolean v = delegate.containsKey(key);
            ok = true;
            return v;
        } finally {
            done(StoreOp.CONTAINS, t, !ok);
        }
    }

    @Override
    public byte[] getForUpdate(byte[] key) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            byte[] v = delegate.getForUpdate(key);
            ok = true;
            return v;
        } finally {
            done(StoreOp.GET, t, !ok);
        }
    }

    @Override
    public byte[] put(byte[] key, byte[] value) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            byte[] v = delegate.put(key, value);
            ok = true;
            return v;
        } finally {
            done(StoreOp.PUT, t, !ok);
        }
    }

    @Override
    public void set(byte[] key, byte[] value) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            delegate.set(key, value);
            ok = true;
        } finally {
            done(StoreOp.SET, t, !ok);
        }
    }

    @Override
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            byte[] v = delegate.putIfAbsent(key, value);
            ok = true;
            return v;
        } finally {
            done(StoreOp.PUT_IF_ABSENT, t, !ok);
        }
    }

    @Override
    public byte[] replace(byte[] key, byte[] value) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            byte[] v = delegate.replace(key, value);
            ok = true;
            return v;
        } finally {
            done(StoreOp.REPLACE, t, !ok);
        }
    }

    @Override
    public boolean replace(byte[] key, byte[] expected, byte[] value) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            boolean v = delegate.replace(key, expected, value);
            ok = true;
            return v;
        } finally {
            done(StoreOp.REPLACE, t, !ok);
        }
    }

    @Override
    public byte[] remove(byte[] key) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            byte[] v = delegate.remove(key);
            ok = true;
            return v;
        } finally {
            done(StoreOp.REMOVE, t, !ok);
        }
    }

    @Override
    public boolean delete(byte[] key) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            boolean v = delegate.delete(key);
            ok = true;
            return v;
        } finally {
            done(StoreOp.DELETE, t, !ok);
        }
    }

    @Override
    public boolean remove(byte[] key, byte[] expected) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            boolean v = delegate.remove(key, expected);
            ok = true;
            return v;
        } finally {
            done(StoreOp.REMOVE, t, !ok);
        }
    }

    @Override
    public long size() {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            long v = delegate.size();
            ok = true;
            return v;
        } finally {
            done(StoreOp.SIZE, t, !ok);
        }
    }

    @Override
    public void clear() {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            delegate.clear();
            ok = true;
        } finally {
            done(StoreOp.CLEAR, t, !ok);
        }
    }

    @Override
    public void putAll(List<RawEntry> entries) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            delegate.putAll(entries);
            ok = true;
        } finally {
            done(StoreOp.PUT_ALL, t, !ok);
        }
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            List<byte[]> v = delegate.getAll(keys);
            ok = true;
            return v;
        } finally {
            done(StoreOp.GET_ALL, t, !ok);
        }
    }

    @Override
    public RawPage scan(byte[] cursor, int limit) {
        long t = System.nanoTime();
        boolean ok = false;
        try {
            RawPage v = delegate.scan(cursor, limit);
            ok = true;
            return v;
        } finally {
            done(StoreOp.SCAN, t, !ok);
        }
    }

    @Override
    public CompletableFuture<byte[]> getAsync(byte[] key) {
        return timedAsync(StoreOp.GET, () -> delegate.getAsync(key));
    }

    @Override
    public CompletableFuture<Void> setAsync(byte[] key, byte[] value) {
        return timedAsync(StoreOp.SET, () -> delegate.setAsync(key, value));
    }

    @Override
    public CompletableFuture<byte[]> putAsync(byte[] key, byte[] value) {
        return timedAsync(StoreOp.PUT, () -> delegate.putAsync(key, value));
    }

    @Override
    public CompletableFuture<Boolean> deleteAsync(byte[] key) {
        return timedAsync(StoreOp.DELETE, () -> delegate.deleteAsync(key));
    }
}
