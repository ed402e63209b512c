package dev.depot.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.depot.spi.DepotObserver;
import dev.depot.spi.ByteKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read cache of one map: decoded values by key, bounded by entry count and expiring a TTL
 * after they were written or loaded, so heap stays flat however large the map grows.
 *
 * <p>Design note, plain cache ({@link #create}). Loads run inside Caffeine's per-key
 * computation, and every write to the store is followed by a cache update for the same key; a
 * concurrent load therefore cannot put an older value back after a newer write in this process
 * (the update waits for the load). Writes of one key by two threads are ordered by stamps
 * ({@link #beginWrite}, {@link #finishWrite}): a write fills the cache only if no other write
 * of its stripe overlapped it and nothing invalidated the stripe meanwhile, else it forgets the
 * key (the store may have applied the overlapping writes in either order). Writes by other processes are not seen until the entry
 * expires: the TTL is the documented bound on staleness across processes.
 *
 * <p>Design note, coherent cache ({@link #coherent}, a shared map on a store with a change
 * feed). Other processes' writes arrive as {@link #invalidate} calls on the feed's thread, which
 * must not wait for a load in flight (a store round trip), so loads run outside Caffeine's
 * computation and are ordered by stamps instead: every invalidation and every write first bumps
 * the stamp of the key's stripe (of 64) or, for {@link #invalidateAll}, the global one; a load
 * reads the stamp before it reads the store and puts its value only if the stamp is unchanged
 * when it puts (atomically, in a short {@code compute}). A value read before a change announced
 * during the load is thus never cached; at worst a load that raced an unrelated key of the same
 * stripe is not cached. While the feed is down the router flushes the cache every
 * {@code fallbackTtl} (zero: nothing is cached then), and when the feed comes back.
 *
 * <p>In both, absence is never cached, so a key another process adds is seen at once. Array keys
 * are cached by their bytes, since arrays have no value equality. Thread-safe.
 */
final class ValueCache<K, V> {
    private static final int STRIPES = 64;

    private final Cache<Object, V> cache;
    /** The key's bytes for array keys (cached by content), null for keys with value equality. */
    private final Function<K, byte[]> arrayKeyBytes;
    /** Change stamps per stripe and for the whole map: writes of every cache, loads of coherent ones. */
    private final AtomicLongArray stamps;
    private final AtomicLong globalStamp;
    /** Writes in flight per stripe, between {@link #beginWrite} and {@link #finishWrite}. */
    private final AtomicIntegerArray writing;
    /** Coherent caches only: whether the change feed is up, and whether to cache while it is down. */
    private final BooleanSupplier feedUp;
    private final boolean cacheWhileDown;
    /** Caffeine's statistics, only when an observer reads them (else null: no counting on reads). */
    private final StatsCounter stats;

    private ValueCache(Cache<Object, V> cache, Function<K, byte[]> arrayKeyBytes, BooleanSupplier feedUp,
            boolean cacheWhileDown, StatsCounter stats) {
        this.cache = cache;
        this.stats = stats;
        this.arrayKeyBytes = arrayKeyBytes;
        this.feedUp = feedUp;
        this.cacheWhileDown = cacheWhileDown;
        this.stamps = new AtomicLongArray(STRIPES);
        this.globalStamp = new AtomicLong();
        this.writing = new AtomicIntegerArray(STRIPES);
    }

    /** A pass-through cache that holds nothing: for a map with no read cache. */
    static <K, V> ValueCache<K, V> none() {
        return new ValueCache<>(null, null, null, false, null);
    }

    /** A cache, or a pass-through one when {@code ttl} is zero or {@code maxEntries} is zero. */
    static <K, V> ValueCache<K, V> create(Duration ttl, long maxEntries, EntryCodec<K, V> codec) {
        return create(ttl, maxEntries, codec, false);
    }

    /** Like {@link #create(Duration, long, EntryCodec)}, counting hits, misses and evictions when {@code recordStats}. */
    static <K, V> ValueCache<K, V> create(Duration ttl, long maxEntries, EntryCodec<K, V> codec, boolean recordStats) {
        if (ttl.isZero() || maxEntries == 0) {
            return none();
        }
        StatsCounter stats = recordStats ? new ConcurrentStatsCounter() : null;
        return new ValueCache<>(caffeine(ttl, maxEntries, stats), arrayKeys(codec), null, false, stats);
    }

    /**
     * A cache kept coherent by a change feed: entries live {@code ttl}; while {@code feedUp} says
     * the feed is down, {@link ChangeRouter} flushes it every {@code fallbackTtl}, and with a zero
     * {@code fallbackTtl} nothing is cached then.
     * Pass-through when {@code ttl} or {@code maxEntries} is zero.
     */
    static <K, V> ValueCache<K, V> coherent(Duration ttl, long maxEntries, EntryCodec<K, V> codec, BooleanSupplier feedUp,
            Duration fallbackTtl) {
        return coherent(ttl, maxEntries, codec, feedUp, fallbackTtl, false);
    }

    /** Like {@link #coherent(Duration, long, EntryCodec, BooleanSupplier, Duration)}, counting when {@code recordStats}. */
    static <K, V> ValueCache<K, V> coherent(Duration ttl, long maxEntries, EntryCodec<K, V> codec, BooleanSupplier feedUp,
            Duration fallbackTtl, boolean recordStats) {
        if (ttl.isZero() || maxEntries == 0) {
            return none();
        }
        // The TTL per write as in a plain cache; while the feed is down, the router flushes every
        // fallback TTL (per-entry expiry would cost every hot read; see ChangeRouter).
        long down = Math.min(ttl.toNanos(), fallbackTtl.toNanos());
        StatsCounter stats = recordStats ? new ConcurrentStatsCounter() : null;
        return new ValueCache<>(caffeine(ttl, maxEntries, stats), arrayKeys(codec), feedUp, down > 0, stats);
    }

    /** The Caffeine cache both kinds use: expiring {@code ttl} after write, bounded, counting into {@code stats} when not null. */
    private static <V> Cache<Object, V> caffeine(Duration ttl, long maxEntries, StatsCounter stats) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .executor(Runnable::run); // maintenance on the caller: no pool threads per map
        if (stats != null) {
            builder.recordStats(() -> stats);
        }
        return builder.build();
    }

    private static <K> Function<K, byte[]> arrayKeys(EntryCodec<K, ?> codec) {
        return codec.keyCodec().type().isArray() ? codec::encodeKeyForRead : null;
    }

    boolean enabled() {
        return cache != null;
    }

    /** Whether values may be cached now: always for a plain cache; for a coherent one, unless the feed is down with no fallback TTL. */
    private boolean caching() {
        return feedUp == null || cacheWhileDown || feedUp.getAsBoolean();
    }

    /** What the cache holds the key under; null when the key cannot be in the map (too long). */
    private Object cacheKey(K key) {
        if (arrayKeyBytes == null) {
            return key;
        }
        byte[] bytes = arrayKeyBytes.apply(key);
        return bytes == null ? null : new ByteKey(bytes);
    }

    /** The cached value without loading, when the key needs no encoding to be looked up. */
    V peek(K key) {
        if (cache == null || arrayKeyBytes != null) {
            return null;
        }
        if (stats == null) {
            return cache.getIfPresent(key);
        }
        // Quietly, and a hit counted by hand: a miss here is followed by get(), which counts it once.
        V hit = cache.policy().getIfPresentQuietly(key);
        if (hit != null) {
            stats.recordHits(1);
        }
        return hit;
    }

    V get(K key, Supplier<V> loader) {
        Object k = cache == null ? null : cacheKey(key);
        if (k == null) {
            return loader.get();
        }
        if (feedUp == null) {
            return cache.get(k, x -> loader.get());
        }
        V hit = cache.getIfPresent(k);
        if (hit != null) {
            return hit;
        }
        long before = stamp(k);
        V loaded = loader.get();
        if (loaded != null && caching()) {
            // Put only if nothing changed the key since the load began (see the class comment).
            cache.asMap().compute(k, (x, current) -> current != null ? current : stamp(x) == before ? loaded : null);
        }
        return loaded;
    }

    /**
     * Called before a write of {@code key} to the store; returns the ticket {@link #finishWrite}
     * needs. Bumps the key's stamp, so a load in flight does not cache what it read (coherent
     * caches) and an earlier write that finishes later does not cache its value.
     */
    long beginWrite(K key) {
        Object k = cache == null || key == null ? null : cacheKey(key);
        if (k == null) {
            return 0;
        }
        int stripe = stripe(k);
        boolean overlapped = writing.getAndIncrement(stripe) > 0;
        long stamp = globalStamp.get() + stamps.incrementAndGet(stripe);
        return stamp << 1 | (overlapped ? 1 : 0);
    }

    /**
     * After the write begun with {@code ticket} (always called, also when the write failed, with
     * a null value): caches {@code value} (null: the value now stored is not known) only if no
     * other write of the key's stripe was in flight when this one began, none began since and
     * nothing invalidated the stripe meanwhile; else forgets the key. Two writers of one key racing in this process could otherwise finish in the
     * other order than the store applied them and leave the older value cached for the whole TTL.
     */
    void finishWrite(K key, V value, long ticket) {
        Object k = cache == null || key == null ? null : cacheKey(key);
        if (k == null) {
            return;
        }
        try {
            if (value == null || !caching() || (ticket & 1) != 0) {
                cache.invalidate(k);
                return;
            }
            long stamp = ticket >>> 1;
            cache.asMap().compute(k, (x, current) -> stamp(x) == stamp ? value : null);
        } finally {
            writing.decrementAndGet(stripe(k));
        }
    }

    void invalidate(K key) {
        Object k = cache == null || key == null ? null : cacheKey(key);
        if (k != null) {
            bump(k);
            cache.invalidate(k);
        }
    }

    void invalidateAll() {
        if (cache != null) {
            globalStamp.incrementAndGet();
            cache.invalidateAll();
        }
    }

    /** Counts {@code n} misses that did not go through {@link #get} (a bulk read after {@link #peek}). */
    void missed(int n) {
        if (stats != null && n > 0) {
            stats.recordMisses(n);
        }
    }

    /** The cache's counts for an observer; null when the cache holds nothing or does not count. */
    DepotObserver.CacheView view() {
        if (cache == null || stats == null) {
            return null;
        }
        return new DepotObserver.CacheView() {
            @Override
            public long hits() {
                return stats.snapshot().hitCount();
            }

            @Override
            public long misses() {
                return stats.snapshot().missCount();
            }

            @Override
            public long evictions() {
                cache.cleanUp(); // size evictions are applied lazily
                return stats.snapshot().evictionCount();
            }

            @Override
            public long size() {
                return cache.estimatedSize();
            }
        };
    }

    long estimatedSize() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    private int stripe(Object cacheKey) {
        int h = cacheKey.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    private void bump(Object cacheKey) {
        stamps.incrementAndGet(stripe(cacheKey));
    }

    /** Both counters only grow, so their sum changes whenever either does. */
    private long stamp(Object cacheKey) {
        return globalStamp.get() + stamps.get(stripe(cacheKey));
    }
}
