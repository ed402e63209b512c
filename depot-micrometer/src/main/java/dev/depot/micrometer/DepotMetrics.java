package dev.depot.micrometer;

import dev.depot.ChangeFeedState;
import dev.depot.Depot;
import dev.depot.spi.DepotObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Depot's meters in a Micrometer {@link MeterRegistry}, plus HikariCP's and Lettuce's own. Give it
 * to the configuration, so the pools and clients are built with their metrics from the start:
 *
 * <pre>{@code
 * Depot depot = Depot.open(DepotConfig.fromEnv().toBuilder()
 *         .observer(DepotMetrics.of(registry))
 *         .build());
 * }</pre>
 *
 * <p>Every Depot meter is named {@code depot.*} and tagged {@code prefix} (and {@code map} where it
 * is per map); the README lists them. The meters of a Depot are removed from the registry when it
 * closes (HikariCP removes its own when its pool closes). One instance may serve several Depots.
 * Thread-safe. HikariCP's metrics need HikariCP on the class path, Lettuce's need Lettuce: each is
 * attached only when its store builds its client.
 */
public final class DepotMetrics implements DepotObserver {
    private final MeterRegistry registry;
    /** The meters (and the views they read, held strongly: Micrometer keeps weak references) per prefix. */
    private final Map<String, Registered> byPrefix = new ConcurrentHashMap<>();

    private DepotMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * An observer that registers Depot's meters in {@code registry}.
     *
     * @throws NullPointerException when {@code registry} is null
     */
    public static DepotMetrics of(MeterRegistry registry) {
        return new DepotMetrics(registry);
    }

    /** The registry meters go to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** What one prefix registered, removed together on close. */
    private static final class Registered {
        final java.util.Set<Meter> meters = new java.util.LinkedHashSet<>();
        final List<Object> held = new ArrayList<>();
        final AtomicInteger leaseHeld = new AtomicInteger();
        final AtomicReference<Double> migrationRate = new AtomicReference<>(0.0);
        volatile Depot depot;
        /** Entries copied in this run per map being migrated, for the rate. */
        final Map<String, Long> migrated = new ConcurrentHashMap<>();

        synchronized <M extends Meter> M add(M meter) {
            meters.add(meter);
            return meter;
        }

        synchronized void hold(Object view) {
            held.add(view);
        }
    }

    private Registered of(String prefix) {
        return byPrefix.computeIfAbsent(prefix, p -> {
            Registered r = new Registered();
            r.add(Gauge.builder("depot.lease.held", r.leaseHeld, AtomicInteger::get).tag("prefix", p).strongReference(true)
                    .description("1 while this instance holds the prefix's lease, else 0").register(registry));
            r.add(Gauge.builder("depot.migration.rate", r.migrationRate, AtomicReference::get).tag("prefix", p)
                    .strongReference(true).baseUnit("entries/s")
                    .description("entries per second copied by the last migration progress report").register(registry));
            return r;
        });
    }

    @Override
    public StoreCalls storeCalls(String prefix, String map) {
        Registered r = of(prefix);
        Tags tags = Tags.of("prefix", prefix, "map", map);
        StoreOp[] ops = StoreOp.values();
        AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(ops.length * 2);
        return (op, nanos, failed) -> {
            int i = op.ordinal() * 2 + (failed ? 1 : 0);
            Timer t = timers.get(i);
            if (t == null) {
                // registered on first use, so a map shows only the operations it made
                t = r.add(Timer.builder("depot.store.calls").tags(tags).tag("operation", op.tag())
                        .tag("outcome", failed ? "failure" : "success")
                        .description("store calls of a map by operation, timed at the store").register(registry));
                timers.set(i, t);
            }
            t.record(nanos, TimeUnit.NANOSECONDS);
        };
    }

    @Override
    public void cacheOpened(String prefix, String map, CacheView cache) {
        Registered r = of(prefix);
        r.hold(cache);
        Tags tags = Tags.of("prefix", prefix, "map", map);
        r.add(FunctionCounter.builder("depot.cache.hits", cache, CacheView::hits).tags(tags)
                .description("reads answered by the map's read cache").register(registry));
        r.add(FunctionCounter.builder("depot.cache.misses", cache, CacheView::misses).tags(tags)
                .description("reads the read cache sent to the store").register(registry));
        r.add(FunctionCounter.builder("depot.cache.evictions", cache, CacheView::evictions).tags(tags)
                .description("entries the read cache dropped for its size bound or TTL").register(registry));
        r.add(Gauge.builder("depot.cache.size", cache, CacheView::size).tags(tags).strongReference(true)
                .description("entries in the read cache (estimate)").register(registry));
    }

    @Override
    public void writeBehindOpened(String prefix, String map, WriteBehindView buffer) {
        Registered r = of(prefix);
        r.hold(buffer);
        Tags tags = Tags.of("prefix", prefix, "map", map);
        r.add(Gauge.builder("depot.writebehind.dirty", buffer, WriteBehindView::dirtyEntries).tags(tags).strongReference(true)
                .description("writes buffered and not yet in the store").register(registry));
        r.add(FunctionCounter.builder("depot.writebehind.flushes", buffer, WriteBehindView::flushBatches).tags(tags)
                .description("flushes that wrote the buffer to the store").register(registry));
        r.add(FunctionCounter.builder("depot.writebehind.flush.failures", buffer, WriteBehindView::flushFailures).tags(tags)
                .description("flushes that failed; their entries stay buffered and are retried").register(registry));
        r.add(TimeGauge.builder("depot.writebehind.oldest.age", buffer, TimeUnit.MILLISECONDS,
                        b -> b.oldestDirtyAge().toMillis()).tags(tags).strongReference(true)
                .description("how long the oldest unwritten entry has waited").register(registry));
    }

    @Override
    public void leaseChanged(String prefix, LeaseChange change) {
        Registered r = of(prefix);
        r.leaseHeld.set(change == LeaseChange.ACQUIRED || change == LeaseChange.REGAINED ? 1 : 0);
        r.add(Counter.builder("depot.lease.changes").tag("prefix", prefix).tag("change", change.name().toLowerCase())
                .description("changes of the prefix's session lease").register(registry)).increment();
    }

    @Override
    public void migrationProgress(String prefix, String map, long copiedThisRun, Duration elapsed, boolean done) {
        Registered r = of(prefix);
        Tags tags = Tags.of("prefix", prefix);
        if (copiedThisRun > 0) {
            r.add(Counter.builder("depot.migration.entries").tags(tags).description("entries copied by migrations")
                    .register(registry)).increment(copiedThisRun);
        }
        // the rate of the map being copied: its entries in this run over its time in this run
        long copied = r.migrated.merge(map, copiedThisRun, Long::sum);
        double seconds = elapsed.toNanos() / 1e9;
        if (seconds > 0) {
            r.migrationRate.set(copied / seconds);
        }
        if (done) {
            r.migrated.remove(map);
            r.add(Counter.builder("depot.migration.maps").tags(tags).description("maps copied and verified by migrations")
                    .register(registry)).increment();
        }
    }


    @Override
    public void opened(String prefix, Depot depot) {
        Registered r = of(prefix);
        r.depot = depot;
        for (ChangeFeedState s : ChangeFeedState.values()) {
            r.add(Gauge.builder("depot.changefeed.state", r, x -> x.depot != null && x.depot.changeFeedState() == s ? 1 : 0)
                    .tag("prefix", prefix).tag("state", s.name().toLowerCase()).strongReference(true)
                    .description("1 for the change feed's current state (none, connected, disconnected)").register(registry));
        }
    }

    @Override
    public void closed(String prefix, Depot depot) {
        Registered r = byPrefix.remove(prefix);
        if (r != null) {
            r.depot = null;
            synchronized (r) {
                r.meters.forEach(registry::remove);
                r.meters.clear();
                r.held.clear();
            }
        }
    }

    @Override
    public void configureClient(String prefix, Object clientConfig) {
        if (isA(clientConfig, "com.zaxxer.hikari.HikariConfig")) {
            HikariBinding.attach(clientConfig, registry);
        } else if (isA(clientConfig, "io.lettuce.core.resource.ClientResources$Builder")) {
            LettuceBinding.attach(clientConfig, registry);
        }
    }

    /** Whether {@code o} is a {@code className}, without loading a class the application lacks. */
    private static boolean isA(Object o, String className) {
        try {
            return Class.forName(className, false, o.getClass().getClassLoader()).isInstance(o);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "DepotMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
