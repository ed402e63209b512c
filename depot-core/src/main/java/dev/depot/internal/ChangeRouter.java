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
 * caches at once and then every fallback TTL, so no value is kept longer than that; when the
 * feed is back it flushes them again, since changes may have been missed, and tells every
 * listener of a gap. Why a periodic flush rather than a shorter expiry per entry: a cache with
 * per-entry expiry costs every hot read about twice as much (Caffeine's variable expiry measured
 * at 0.55–0.6 of {@code expireAfterWrite}), and the feed is down rarely.
 *
 * <p>Thread-safe; every call returns quickly, as {@link ChangeSink} requires.
 */
final class ChangeRouter implements ChangeSink {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeRouter.class);

    private final String store;
    /** How long a value may be kept while the feed is down; zero: the caches keep nothing then. */
    private final java.time.Duration fallbackTtl;
    private final Map<String, Target<?, ?>> maps = new ConcurrentHashMap<>();
    /** Counts outages, so the flusher of an earlier one stops when the feed came back meanwhile. */
    private final java.util.concurrent.atomic.AtomicLong outages = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
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

    ChangeRouter(String store, java.time.Duration fallbackTtl) {
        this.store = store;
        this.fallbackTtl = fallbackTtl;
    }

    /** Stops the flushing of an outage in progress. */
    void close() {
        closed = true;
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
        long outage = outages.incrementAndGet();
        if (!fallbackTtl.isZero()) {
            Thread.ofVirtual().name("depot-feed-down-flush").start(() -> flushWhileDown(outage));
        }
        LOG.warn("Change feed of {} is down ({}): shared maps cache values only for the fallback TTL until it is back",
                store, reason);
    }

    /** Flushes every cache each fallback TTL until the feed is back (or another outage took over). */
    private void flushWhileDown(long outage) {
        while (!closed && state == ChangeFeedState.DISCONNECTED && outages.get() == outage) {
            try {
                Thread.sleep(fallbackTtl);
            } catch (InterruptedException e) {
                return;
            }
            if (state == ChangeFeedState.DISCONNECTED && outages.get() == outage) {
                maps.values().forEach(t -> t.flush(false));
            }
        }
    }
}
