package dev.depot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StorageType;
import dev.depot.spi.ChangeFeed;
import dev.depot.spi.ChangeKind;
import dev.depot.spi.ChangeSink;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreProvider;
import dev.depot.spi.StoreUrl;
import dev.depot.testkit.TestPrefixes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A SQL store's change feed through the SPI, as core drives it: two {@link Store} instances of
 * one prefix on one database stand for two processes (origins A and B), each with a
 * {@link Recorder} sink. Subclasses give the store and add what only their database can do
 * (killing the feed's session, commit-order holes).
 */
abstract class ChangeFeedTests {
    /** How long a change may take to arrive before a test fails: far above any target, so it cannot flake. */
    static final long ARRIVAL_SECONDS = 10;

    private final List<Store> opened = new ArrayList<>();

    /** The store URL; {@code params} (e.g. {@code changeRetention=1s}) are added as URL parameters, may be empty. */
    protected String url(String params) {
        String url = baseUrl();
        return url + (params.isEmpty() ? "" : (url.contains("?") ? "&" : "?") + params);
    }

    /** The store's URL without the test's parameters. */
    protected abstract String baseUrl();

    private final StoreProvider provider;

    ChangeFeedTests(StoreProvider provider) {
        this.provider = provider;
    }

    protected StoreProvider provider() {
        return provider;
    }

    @AfterEach
    void closeStores() {
        for (Store s : opened) {
            s.close();
        }
    }

    Store open(String prefix, String params) {
        String url = url(params);
        Store store = provider().open(new StoreContext(StoreUrl.parse(url), DepotConfig.builder().url(url).prefix(prefix).build()));
        opened.add(store);
        return store;
    }

    /** Two stores of one fresh prefix standing for processes A and B, both listening. */
    record Pair(String prefix, Store a, Store b, Recorder sinkA, Recorder sinkB) {}

    /** {@link Pair} on a fresh prefix starting with {@code tag}, both stores opened with {@code params}. */
    Pair pair(String tag, String params) {
        String prefix = TestPrefixes.fresh(tag);
        Store a = open(prefix, params);
        Store b = open(prefix, params);
        return new Pair(prefix, a, b, listening(a, "A"), listening(b, "B"));
    }

    /** A store whose feed was set up as {@code origin} and started with a new recorder. */
    Recorder listening(Store store, String origin) {
        ChangeFeed feed = store.changeFeed(origin).orElseThrow();
        Recorder sink = new Recorder();
        feed.start(sink);
        assertThat(sink.connected.get()).as("connected once the first attempt returned").isEqualTo(1);
        return sink;
    }

    static RawMap map(Store store, String name) {
        return store.open(new RawMapSpec(name, StorageType.TEXT, StorageType.BINARY));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One reported change, with the key as text. */
    record Change(String map, String key, ChangeKind kind) {
        static Change of(String map, String key, ChangeKind kind) {
            return new Change(map, key, kind);
        }
    }

    /** A sink that records what it hears. */
    static class Recorder implements ChangeSink {
        final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        final AtomicInteger connected = new AtomicInteger();
        final List<String> disconnected = new CopyOnWriteArrayList<>();
        /** Events in order: "connected", "disconnected". */
        final List<String> states = new CopyOnWriteArrayList<>();

        @Override
        public void changed(String map, byte[] key, ChangeKind kind) {
            changes.add(new Change(map, key == null ? null : new String(key, StandardCharsets.UTF_8), kind));
        }

        @Override
        public void connected() {
            connected.incrementAndGet();
            states.add("connected");
        }

        @Override
        public void disconnected(String reason) {
            disconnected.add(reason);
            states.add("disconnected");
        }

        /** The next {@code n} changes, failing when they do not come within {@link #ARRIVAL_SECONDS}. */
        List<Change> next(int n) throws InterruptedException {
            List<Change> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ARRIVAL_SECONDS);
            while (got.size() < n) {
                Change c = changes.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (c == null) {
                    throw new AssertionError("only " + got.size() + " of " + n + " changes arrived: " + got);
                }
                got.add(c);
            }
            return got;
        }

        /** Nothing more arrives within {@code millis}. */
        void quietFor(long millis) throws InterruptedException {
            Change c = changes.poll(millis, TimeUnit.MILLISECONDS);
            assertThat(c).as("an unexpected change").isNull();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ARRIVAL_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * A Depot opened with sharedAccess that migrates at open copies the source's rows before its
     * feed is on: another process hears the first write made after the open, not 300 migrated keys
     * one by one (a notification or log row each).
     */
    @Test
    void aMigrationAtOpenIsNotAnnouncedRowByRow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String prefix = TestPrefixes.fresh("cm");
        String source = "sqlite:" + tmp.resolve("source.db");
        try (Depot old = Depot.open(DepotConfig.builder().url(source).prefix(prefix).build())) {
            DbMap<String, String> m = old.map("m", Codec.STRING, Codec.STRING);
            for (int i = 0; i < 300; i++) {
                m.put("k" + i, "v");
            }
        }
        Store other = open(prefix, "");
        Recorder heard = listening(other, "B");
        try (Depot d = Depot.open(DepotConfig.builder().url(url("")).prefix(prefix).migrateFrom(source)
                .sharedAccess(true).build())) {
            DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
            assertThat(m).hasSize(300);
            m.put("after", "v");
            assertThat(heard.next(1)).containsExactly(Change.of("m", "after", ChangeKind.PUT));
        }
    }

    @Test
    void everyChangeOfOneStoreReachesTheOtherInOrderAndNotItself() throws Exception {
        Pair p = pair("cf", "");
        RawMap m = map(p.a(), "m");
        m.set(b("k1"), b("1"));
        assertThat(m.put(b("k1"), b("2"))).isNotNull();
        assertThat(m.putIfAbsent(b("k2"), b("1"))).isNull();
        assertThat(m.putIfAbsent(b("k2"), b("9"))).as("present: not stored, not announced").isNotNull();
        assertThat(m.replace(b("k1"), b("3"))).isNotNull();
        assertThat(m.replace(b("absent"), b("3"))).as("absent: nothing replaced, not announced").isNull();
        assertThat(m.replace(b("k1"), b("3"), b("4"))).isTrue();
        assertThat(m.replace(b("k1"), b("wrong"), b("5"))).as("failed conditional replace: not announced").isFalse();
        assertThat(m.remove(b("k2"), b("wrong"))).as("failed conditional remove: not announced").isFalse();
        assertThat(m.remove(b("k2"), b("1"))).isTrue();
        assertThat(m.delete(b("k1"))).isTrue();
        assertThat(m.delete(b("k1"))).as("absent: not announced").isFalse();
        assertThat(m.remove(b("k3"))).as("absent: not announced").isNull();
        assertThat(m.put(b("k3"), b("1"))).isNull();
        assertThat(m.remove(b("k3"))).isNotNull();
        m.putAll(List.of(new RawEntry(b("k5"), b("1")), new RawEntry(b("k4"), b("1"))));
        m.clear();
        m.clear(); // empty: nothing removed, not announced

        assertThat(p.sinkB().next(12)).containsExactly(
                Change.of("m", "k1", ChangeKind.PUT), Change.of("m", "k1", ChangeKind.PUT),
                Change.of("m", "k2", ChangeKind.PUT), Change.of("m", "k1", ChangeKind.PUT),
                Change.of("m", "k1", ChangeKind.PUT), Change.of("m", "k2", ChangeKind.REMOVE),
                Change.of("m", "k1", ChangeKind.REMOVE), Change.of("m", "k3", ChangeKind.PUT),
                Change.of("m", "k3", ChangeKind.REMOVE), Change.of("m", "k4", ChangeKind.PUT),
                Change.of("m", "k5", ChangeKind.PUT), Change.of("m", null, ChangeKind.CLEAR));
        // the other way round: B's write reaches A, and A heard nothing of its own
        map(p.b(), "m").set(b("fromB"), b("1"));
        assertThat(p.sinkA().next(1)).containsExactly(Change.of("m", "fromB", ChangeKind.PUT));
        p.sinkB().quietFor(300);
        p.sinkA().quietFor(0);
        // metadata writes are not announced
        p.a().metadata().set(b("some.meta"), b("1"));
        p.sinkB().quietFor(300);
        assertThat(p.sinkA().disconnected).isEmpty();
        assertThat(p.sinkB().disconnected).isEmpty();
    }

    /**
     * Group commit: puts and removes from 16 threads at once are written in rounds (one
     * transaction each), and every one of them is still announced, each thread's put of a key
     * before its remove of it.
     */
    @Test
    void concurrentPutsAndRemovesWrittenInRoundsAreEachAnnounced() throws Exception {
        String prefix = TestPrefixes.fresh("cg");
        Store a = open(prefix, "");
        Store b = open(prefix, "");
        listening(a, "A");
        Recorder sink = listening(b, "B");
        RawMap m = map(a, "g");
        int threads = 16;
        int perThread = 20;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        assertThat(m.put(b("t" + thread + "k" + i), b("v" + i))).isNull();
                    }
                    assertThat(m.remove(b("t" + thread + "k0"))).containsExactly(b("v0"));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(((SqlRawMap) m).groupedWrites()).as("writes that went in rounds of two or more").isPositive();
        List<Change> got = sink.next(threads * perThread + threads);
        assertThat(got.stream().filter(c -> c.kind() == ChangeKind.PUT).map(Change::key).distinct()).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            Change put = Change.of("g", "t" + t + "k0", ChangeKind.PUT);
            Change removed = Change.of("g", "t" + t + "k0", ChangeKind.REMOVE);
            assertThat(got).contains(put, removed);
            assertThat(got.indexOf(put)).as("thread %d's put before its remove", t).isLessThan(got.indexOf(removed));
        }
        sink.quietFor(300);
        assertThat(m.size()).isEqualTo((long) threads * (perThread - 1));
    }

    @Test
    void aStoreWithoutAFeedAnnouncesNothing() throws Exception {
        String prefix = TestPrefixes.fresh("cn");
        Store quiet = open(prefix, "");
        Store b = open(prefix, "");
        Recorder sinkB = listening(b, "B");
        RawMap m = map(quiet, "m");
        m.set(b("k"), b("1"));
        m.put(b("k"), b("2"));
        m.putAll(List.of(new RawEntry(b("x"), b("1"))));
        m.delete(b("k"));
        m.clear();
        // a store with a feed, written after: only its change arrives, so the quiet ones would have come first
        Store a = open(prefix, "");
        listening(a, "A");
        map(a, "m").set(b("loud"), b("1"));
        assertThat(sinkB.next(1)).containsExactly(Change.of("m", "loud", ChangeKind.PUT));
        sinkB.quietFor(300);
    }

    /** Roughly how long a change takes from the writer's commit to the other store's sink; logged, asserted loosely. */
    @Test
    void staleWindowIsShort() throws Exception {
        Pair p = pair("cw", "");
        RawMap m = map(p.a(), "m");
        long[] ms = new long[40];
        for (int i = 0; i < ms.length; i++) {
            m.set(b("k"), b(Integer.toString(i)));
            long committed = System.nanoTime();
            p.sinkB().next(1);
            ms[i] = (System.nanoTime() - committed) / 1_000_000;
            Thread.sleep(i % 7 * 5);
        }
        Arrays.sort(ms);
        System.out.println("change feed stale window on " + getClass().getSimpleName() + ": p50 " + ms[ms.length / 2]
                + " ms, max " + ms[ms.length - 1] + " ms over " + ms.length + " writes");
        assertThat(ms[ms.length / 2]).as("median ms from commit to delivery").isLessThan(2_000);
    }

    /** Counts the rows of the prefix's change log through {@code store}'s pool. */
    static long logRows(Store store, String where) {
        SqlStore s = (SqlStore) store;
        return s.withConnection("count", SqlStore.CHANGES, c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM "
                    + s.dialect().quote(s.table(SqlStore.CHANGES)) + (where.isEmpty() ? "" : " WHERE " + where))) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
