package dev.depot.internal;

import dev.depot.MapEvent;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link RawMap} that tells the map's listeners ({@link MapEvents}) of each write this process
 * made, once the store call under it returned, and only when it changed something (a
 * {@code putIfAbsent} that found a value, a conditional write that lost, a remove of an absent
 * key report nothing). It is the outermost layer, above write-behind, so a buffered write is
 * reported when it is buffered.
 *
 * <p>Why here and not in the map classes: every write of a map over a store ends up as one of
 * these calls, including those of the asynchronous view, of the views' {@code setValue} and
 * {@code remove}, and each retry step of {@code compute}/{@code merge}; one layer sees them all.
 * Keys are decoded only while someone listens. Thread-safe as the map under it is.
 */
final class AnnouncingRawMap extends WriteDecorator {
    private final EntryCodec<?, ?> codec;
    private final MapEvents<Object, ?> events;

    @SuppressWarnings("unchecked")
    AnnouncingRawMap(RawMap delegate, EntryCodec<?, ?> codec, MapEvents<?, ?> events) {
        super(delegate);
        this.codec = codec;
        this.events = (MapEvents<Object, ?>) events;
    }

    private void announce(MapEvent.Kind kind, byte[] key) {
        if (events.active()) {
            events.publish(kind, key == null ? null : codec.decodeKey(key), true);
        }
    }

    @Override
    public byte[] put(byte[] key, byte[] value) {
        byte[] previous = delegate.put(key, value);
        announce(MapEvent.Kind.PUT, key);
        return previous;
    }

    @Override
    public void set(byte[] key, byte[] value) {
        delegate.set(key, value);
        announce(MapEvent.Kind.PUT, key);
    }

    @Override
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        byte[] present = delegate.putIfAbsent(key, value);
        if (present == null) {
            announce(MapEvent.Kind.PUT, key);
        }
        return present;
    }

    @Override
    public byte[] replace(byte[] key, byte[] value) {
        byte[] previous = delegate.replace(key, value);
        if (previous != null) {
            announce(MapEvent.Kind.PUT, key);
        }
        return previous;
    }

    @Override
    public boolean replace(byte[] key, byte[] expected, byte[] value) {
        boolean replaced = delegate.replace(key, expected, value);
        if (replaced) {
            announce(MapEvent.Kind.PUT, key);
        }
        return replaced;
    }

    @Override
    public byte[] remove(byte[] key) {
        byte[] previous = delegate.remove(key);
        if (previous != null) {
            announce(MapEvent.Kind.REMOVE, key);
        }
        return previous;
    }

    @Override
    public boolean delete(byte[] key) {
        boolean removed = delegate.delete(key);
        if (removed) {
            announce(MapEvent.Kind.REMOVE, key);
        }
        return removed;
    }

    @Override
    public boolean remove(byte[] key, byte[] expected) {
        boolean removed = delegate.remove(key, expected);
        if (removed) {
            announce(MapEvent.Kind.REMOVE, key);
        }
        return removed;
    }

    @Override
    public void clear() {
        delegate.clear();
        announce(MapEvent.Kind.CLEAR, null);
    }

    @Override
    public void putAll(List<RawEntry> entries) {
        delegate.putAll(entries);
        if (events.active()) {
            for (RawEntry e : entries) {
                announce(MapEvent.Kind.PUT, e.key());
            }
        }
    }

    @Override
    public CompletableFuture<Void> setAsync(byte[] key, byte[] value) {
        return delegate.setAsync(key, value).thenApply(v -> {
            announce(MapEvent.Kind.PUT, key);
            return v;
        });
    }

    @Override
    public CompletableFuture<byte[]> putAsync(byte[] key, byte[] value) {
        return delegate.putAsync(key, value).thenApply(previous -> {
            announce(MapEvent.Kind.PUT, key);
            return previous;
        });
    }

    @Override
    public CompletableFuture<Boolean> deleteAsync(byte[] key) {
        return delegate.deleteAsync(key).thenApply(removed -> {
            if (removed) {
                announce(MapEvent.Kind.REMOVE, key);
            }
            return removed;
        });
    }

}
