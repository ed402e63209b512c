package dev.depot.internal;

import dev.depot.ChangeFeedState;
import dev.depot.MapEvent;
import dev.depot.spi.ChangeKind;
import dev.depot.spi.ChangeSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChangeSink} of one Depot: takes what other processes wrote, as the store's
 * {@link dev.depot.spi.ChangeFeed} reports it, to the open map of that name, whose cache forgets
 * the key and whose listeners get the event ({@link MapEvent#local()} false). Changes of maps
 * not open here are ignored (nothing cached, nobody listening).
 *
 * <p>While the feed is down (from {@link #disconnected} until {@link #connected}) it flushes the
 * caches, which then keep values only for the fallback TTL ({@link ValueCache#coherent}); when
 * the feed is back it flushes them again, since changes may have been missed, and tells every
 * listener of a gap.
 *
 * <p>Thread-safe; every call returns quickly, as {@link ChangeSink} requires.
 */
final class ChangeRouter implements ChangeSink {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeRouter.class);

    private final String store;
    private final Map<String, Target<?, ?>> maps = new ConcurrentHashMap<>();
    private volatile ChangeFeedState state = ChangeFeedState.DISCONNECTED;
    /** Whether the feed was ever down after being up: then {@link #connected} is a reconnect. */
    private volatile boolean everConnected;

    /** One open map: how to decode its keys, its cache, its listeners. */
    private record Target<K, V>(EntryCodec<K, V> codec, ValueCache<K, V> cache, MapEvents<K, V> events) {
        void changed(byte[] key, ChangeKind kind) {
            if (kind == ChangeKind.CLEAR || key == null) {
                cache.invalidateAll();
                events.publish(MapEvent.Kind.CLEAR, null, false);
                return;
            }
            K k;
            try {
                k = codec.decodeKey(key);
            } catch (RuntimeException e) {
                // A key this process's codec cannot read: forget everything rather than serve it stale.
                LOG.warn("Change of an undecodable key in map '{}'; its cache is flushed: {}", codec.mapName(), e.toString());
                cache.invalidateAll();
                events.gap();
                return;
            }
            cache.invalidate(k);
            events.publish(kind == ChangeKind.PUT ? MapEvent.Kind.PUT : MapEvent.Kind.REMOVE, k, false);
        }

        void flush(boolean gap) {
            cache.invalidateAll();
            if (gap) {
                events.gap();
            }
        }
    }

    ChangeRouter(String store) {
        this.store = store;
    }

    /** Routes the changes of map {@code name} to its cache and listeners from now on. */
    <K, V> void register(String name, EntryCodec<K, V> codec, ValueCache<K, V> cache, MapEvents<K, V> events) {
        maps.put(name, new Target<>(codec, cache, events));
    }

    ChangeFeedState state() {
        return state;
    }

    /** For {@link ValueCache#coherent}: whether caches may keep values for their full TTL. */
    boolean up() {
        return state == ChangeFeedState.CONNECTED;
    }

    @Override
    public void changed(String map, byte[] key, ChangeKind kind) {
        Target<?, ?> target = maps.get(map);
        if (target != null) {
            target.changed(key, kind);
        }
    }

    @Override
    public void connected() {
        boolean reconnect = everConnected;
        state = ChangeFeedState.CONNECTED;
        everConnected = true;
        // Flush after the state change: a value loaded from now on is announced if it changes.
        maps.values().forEach(t -> t.flush(reconnect));
        if (reconnect) {
            LOG.info("Change feed of {} is back: caches of shared maps flushed, listeners told of a gap", store);
        } else {
            LOG.info("Change feed of {} is listening", store);
        }
    }

    @Override
    public void disconnected(String reason) {
        state = ChangeFeedState.DISCONNECTED;
        maps.values().forEach(t -> t.flush(false));
        LOG.warn("Change feed of {} is down ({}): shared maps cache values only for the fallback TTL until it is back",
                store, reason);
    }
}
