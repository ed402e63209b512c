package dev.depot.spi;

import dev.depot.Depot;
import java.time.Duration;

/**
 * Hears what a Depot does, for metrics ({@code depot-micrometer}'s {@code DepotMetrics} is one).
 * Given with {@code DepotConfig.Builder.observer}; the default, {@link #NONE}, ignores everything
 * and costs nothing on the hot path (maps are then built without per-call recording).
 *
 * <p>No type of a metrics library appears here, so depot-core runs without one. The gauges an
 * observer wants (cache size, dirty entries) it reads from the views it is handed, when it likes;
 * only {@link StoreCalls#record} is called on a caller's thread for every store call.
 *
 * <p>Implementations must be thread-safe, return quickly and not throw: a failure of an observer
 * is logged by nothing and would fail the caller's operation. Every argument is non-null. One
 * observer may serve several Depots: each call names the prefix.
 */
public interface DepotObserver {

    /** Ignores everything. */
    DepotObserver NONE = new DepotObserver() {};

    /** The store calls a map's latency is recorded by; their names are meter tag values. */
    enum StoreOp {
        GET, CONTAINS, GET_ALL, PUT, SET, PUT_IF_ABSENT, REPLACE, REMOVE, DELETE, SIZE, CLEAR, PUT_ALL, SCAN;

        private final String tag = name().toLowerCase(java.util.Locale.ROOT);

        /** The lower-case name, for a meter tag ({@code put_if_absent}). */
        public String tag() {
            return tag;
        }
    }

    /** Records one map's store calls; called on the caller's thread, so it must not block. */
    interface StoreCalls {
        /** A call of {@code op} that took {@code nanos}; {@code failed} when it threw. */
        void record(StoreOp op, long nanos, boolean failed);
    }

    /** The read cache of one map, read when the observer likes (cumulative counts). Thread-safe. */
    interface CacheView {
        long hits();

        long misses();

        long evictions();

        long size();
    }

    /** The write-behind buffer of one map (cumulative counts). Thread-safe. */
    interface WriteBehindView {
        /** Writes buffered and not yet in the store, including the batch being written. */
        long dirtyEntries();

        /** Flushes that wrote something to the store. */
        long flushBatches();

        /** Flushes that failed (their entries stay buffered and are retried). */
        long flushFailures();

        /** How long the oldest unwritten entry has waited; zero when nothing waits. */
        Duration oldestDirtyAge();
    }

    /** What happened to a session lease. */
    enum LeaseChange { ACQUIRED, EXPIRED, REGAINED, LOST, RELEASED }

    /**
     * The recorder of map {@code map}'s store calls, asked once when the map opens; null (the
     * default) records nothing and adds no layer.
     */
    default StoreCalls storeCalls(String prefix, String map) {
        return null;
    }

    /** Map {@code map} opened with a read cache. */
    default void cacheOpened(String prefix, String map, CacheView cache) {}

    /** Map {@code map} opened with a write-behind buffer. */
    default void writeBehindOpened(String prefix, String map, WriteBehindView buffer) {}

    /** The lease of {@code prefix} changed; called on the thread that saw it (opening, the heartbeat, closing). */
    default void leaseChanged(String prefix, LeaseChange change) {}

    /**
     * A migration copied {@code copiedThisRun} more entries of {@code map} (one page); {@code done}
     * once the map is copied and verified, with {@code elapsed} its time in this run.
     */
    default void migrationProgress(String prefix, String map, long copiedThisRun, Duration elapsed, boolean done) {}

    /** The Depot is open (after any migration); it may be read ({@link Depot#changeFeedState()}) until {@link #closed}. */
    default void opened(String prefix, Depot depot) {}

    /** The Depot closed: forget what {@link #opened} and the views of its maps gave. */
    default void closed(String prefix, Depot depot) {}

    /**
     * A store is about to build a client with {@code clientConfig} (depot-jdbc hands its
     * {@code com.zaxxer.hikari.HikariConfig}, depot-redis its Lettuce
     * {@code ClientResources.Builder}), so the observer can attach the client's own metrics.
     * An observer checks the type and ignores others.
     */
    default void configureClient(String prefix, Object clientConfig) {}
}
