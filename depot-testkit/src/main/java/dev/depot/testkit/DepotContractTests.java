package dev.depot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.CodecMismatchException;
import dev.depot.DbMap;
import dev.depot.DbValue;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapInfo;
import dev.depot.SessionLockedException;
import dev.depot.StorageType;
import dev.depot.UndecodableDataException;
import dev.depot.testkit.junit.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Depot's own contract for a store, beyond {@link MapConformanceSuite}: persistence across
 * reopen, codecs, atomicity under concurrency, paging, bulk writes, names, limits and bad
 * input. A store module extends this class and names its store; every test opens Depots with
 * a fresh prefix, so tests can share one database.
 *
 * <p>The store under test must keep data across close and reopen (for the memory store: give
 * it a folder, {@code memory:<dir>}).
 *
 * <p>This class is long because it is the contract: each test is one promise every store keeps.
 */
public abstract class DepotContractTests {

    /** The URL of the store under test. */
    protected abstract String storeUrl();

    /** Settings beyond URL and prefix; none by default. */
    protected DepotConfig.Builder configure(DepotConfig.Builder builder) {
        return builder;
    }

    /** A builder for the store under test with the given prefix. */
    protected final DepotConfig.Builder config(String prefix) {
        return configure(DepotConfig.builder().url(storeUrl()).prefix(prefix));
    }

    /** Opens the store under test with the given prefix. */
    protected final Depot open(String prefix) {
        return Depot.open(config(prefix).build());
    }

    /**
     * Opens the store under test on a fresh prefix named after {@code stem}, writes {@code k=v} to
     * map {@code m}, and runs {@code whileOpen} with the prefix before closing: for tests that look
     * at the server while the Depot holds its connections, or at what the write left there.
     *
     * @return the prefix
     */
    protected final String writeOneEntry(String stem, Consumer<String> whileOpen) {
        String prefix = TestPrefixes.fresh(stem);
        try (Depot depot = open(prefix)) {
            depot.map("m", Codec.STRING, Codec.STRING).put("k", "v");
            whileOpen.accept(prefix);
        }
        return prefix;
    }

    /** A record with nested and time-typed fields, stored as JSON. */
    public record Peer(long id, String name, List<String> tags, Instant seen) {}

    // ---------------------------------------------------------------- persistence

    @Test
    void dataSurvivesCloseAndReopen() {
        String prefix = TestPrefixes.fresh("ct");
        Peer alice = new Peer(1, "Alice", List.of("admin", "ops"), Instant.parse("2026-01-02T03:04:05.123456789Z"));
        try (Depot depot = open(prefix)) {
            DbMap<Long, Peer> peers = depot.map("peers", Codec.LONG, Codec.json(Peer.class));
            peers.put(1L, alice);
            peers.put(2L, new Peer(2, "Bob", List.of(), Instant.EPOCH));
            peers.remove(2L);
            depot.map("settings", Codec.STRING, Codec.STRING).put("theme", "dark");
            depot.value("cursor", Codec.LONG).set(77L);
        }
        try (Depot depot = open(prefix)) {
            DbMap<Long, Peer> peers = depot.map("peers", Codec.LONG, Codec.json(Peer.class));
            assertThat(peers).containsExactly(Map.entry(1L, alice));
            assertThat(depot.map("settings", Codec.STRING, Codec.STRING)).containsExactly(Map.entry("theme", "dark"));
            assertThat(depot.value("cursor", Codec.LONG).get()).isEqualTo(77L);
            assertThat(depot.maps()).extracting(MapInfo::name).contains("peers", "settings", "cursor");
            assertThat(depot.mapInfo("peers")).contains(new MapInfo("peers", "long", "json:" + Peer.class.getName()));
        }
    }

    @Test
    void prefixesDoNotSeeEachOther() {
        String a = TestPrefixes.fresh("ct");
        String b = TestPrefixes.fresh("ct");
        try (Depot da = open(a)) {
            da.map("shared", Codec.STRING, Codec.STRING).put("k", "from a");
        }
        try (Depot db = open(b)) {
            DbMap<String, String> m = db.map("shared", Codec.STRING, Codec.STRING);
            assertThat(m).isEmpty();
            m.put("k", "from b");
        }
        try (Depot da = open(a)) {
            assertThat(da.map("shared", Codec.STRING, Codec.STRING).get("k")).isEqualTo("from a");
        }
    }

    @Test
    void closedDepotRefusesWork() {
        Depot depot = open(TestPrefixes.fresh("ct"));
        DbMap<String, String> m = depot.map("m", Codec.STRING, Codec.STRING);
        depot.close();
        depot.close(); // idempotent
        assertThatThrownBy(() -> m.get("k")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> depot.map("m", Codec.STRING, Codec.STRING)).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- session lease

    @Test
    void aSecondInstanceIsRefusedUntilTheFirstCloses() {
        String prefix = TestPrefixes.fresh("ct");
        Depot first = open(prefix);
        try {
            assertThatThrownBy(() -> open(prefix)).isInstanceOf(SessionLockedException.class)
                    .hasMessageContaining(prefix).hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .satisfies(e -> assertThat(((SessionLockedException) e).owner()).contains("pid"));
            try (Depot shared = Depot.open(config(prefix).sharedAccess(true).build())) {
                assertThat(shared.maps()).isEmpty();
            }
        } finally {
            first.close();
        }
        try (Depot second = open(prefix)) {
            assertThat(second.maps()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    @IntegrationTest // starts a child JVM
    void aSigkilledOwnerIsTakenOverAtOnceWithDefaultSettings() throws Exception {
        String prefix = TestPrefixes.fresh("ct");
        try (ChildJvm owner = LeaseHolder.startWithDefaults(storeUrl(), prefix)) {
            assertThatThrownBy(() -> open(prefix)).isInstanceOf(SessionLockedException.class).hasMessageContaining("pid " + owner.pid());
            owner.kill();
            // A supervisor restarts the program at once: the dead owner's lease must not stand in the way.
            assertTakenOverAtOnce(prefix);
        }
    }

    /**
     * Opens {@code prefix}, whose {@link LeaseHolder} owner is dead, within 5 s, and finds what
     * the owner wrote.
     */
    protected final void assertTakenOverAtOnce(String prefix) {
        long started = System.nanoTime();
        try (Depot taken = open(prefix)) {
            assertThat(taken.map("m", Codec.STRING, Codec.STRING).get("written-by-owner")).isEqualTo("yes");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- atomicity

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @IntegrationTest // 40,000 merges from four threads: seconds, too slow for the unit tests
    void concurrentMergesLoseNoUpdate() throws Exception {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            DbMap<String, Integer> counters = depot.map("counters", Codec.STRING, Codec.INT);
            int threads = 4;
            int perThread = 10_000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            counters.merge("key" + ((i + offset) % 10), 1, Integer::sum);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(counters).hasSize(10);
            assertThat(counters.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * perThread);
            assertThat(counters.values()).containsOnly(threads * perThread / 10);
        }
    }

    /**
     * Like {@code ConcurrentHashMap}: threads putting, then replacing, then removing the same
     * fresh keys at once see every previous value exactly once. A put that returned null while
     * another's first insert of the key won would lose that value; one that returned a value
     * twice would have read a row it did not lock. The map has no cache: this is the store's
     * promise, and the final value is read from the store.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void concurrentWritersSeeEachPreviousValueExactlyOnce() throws Exception {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            DbMap<String, String> m = depot.map("race", Codec.STRING, Codec.STRING,
                    dev.depot.MapOptions.defaults().withCacheTtl(java.time.Duration.ZERO));
            int threads = 8;
            int keys = 25;
            List<List<String>> putSeen = race(threads, keys, (t, key) -> m.put(key, t + "@" + key));
            for (int k = 0; k < keys; k++) {
                String key = "key" + k;
                List<String> seen = new ArrayList<>();
                for (List<String> perThread : putSeen) {
                    seen.add(perThread.get(k));
                }
                assertThat(seen).as("previous values of put(%s)", key).containsOnlyOnce((String) null);
                List<String> values = new ArrayList<>(seen);
                values.remove(null);
                values.add(m.get(key));
                assertThat(values).as("values of %s: each written once, seen once (or last)", key)
                        .doesNotHaveDuplicates().hasSize(threads);
                for (String v : values) {
                    assertThat(v).endsWith("@" + key);
                }
            }
            List<List<String>> replaceSeen = race(threads, keys, (t, key) -> m.replace(key, "r" + t + "@" + key));
            for (int k = 0; k < keys; k++) {
                String key = "key" + k;
                List<String> values = new ArrayList<>();
                for (List<String> perThread : replaceSeen) {
                    values.add(perThread.get(k));
                }
                values.add(m.get(key));
                assertThat(values).as("replace of %s", key).doesNotContainNull().doesNotHaveDuplicates().hasSize(threads + 1);
                assertThat(values.stream().filter(v -> v.startsWith("r"))).hasSize(threads);
            }
            List<List<String>> removeSeen = race(threads, keys, (t, key) -> m.remove(key));
            for (int k = 0; k < keys; k++) {
                List<String> seen = new ArrayList<>();
                for (List<String> perThread : removeSeen) {
                    seen.add(perThread.get(k));
                }
                assertThat(seen.stream().filter(java.util.Objects::nonNull)).as("remove of key%d", k).hasSize(1);
            }
            assertThat(m).isEmpty();
            // puts and removes mixed: every value put is returned once (by the put or remove after it) or stays
            List<List<String>> mixedSeen = race(threads, keys, (t, key) -> (t + key.length()) % 2 == 0 || t % 3 == 0
                    ? m.put(key, "m" + t + "@" + key) : m.remove(key));
            for (int k = 0; k < keys; k++) {
                String key = "key" + k;
                List<String> values = new ArrayList<>();
                for (List<String> perThread : mixedSeen) {
                    if (perThread.get(k) != null) {
                        values.add(perThread.get(k));
                    }
                }
                if (m.get(key) != null) {
                    values.add(m.get(key));
                }
                int puts = 0;
                for (int t = 0; t < threads; t++) {
                    puts += (t + key.length()) % 2 == 0 || t % 3 == 0 ? 1 : 0;
                }
                assertThat(values).as("mixed puts and removes of %s", key).doesNotHaveDuplicates().hasSize(puts);
            }
        }
    }

    /** Runs {@code op(thread, "key<i>")} for every key in order on {@code threads} threads started together; the results per thread. */
    /**
     * The same race through the read cache (on by default): after threads put, replace and
     * remove the same keys at once, the cached map reads what the store holds (its views read
     * the store). Two writers' calls may return in the other order than the store applied them;
     * the cache must not keep the replaced value (it did, for the whole TTL, before writes took
     * tickets: {@code ValueCache.finishWrite}).
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void afterRacingWritesTheCachedMapReadsWhatTheStoreHolds() throws Exception {
        try (Depot depot = open(TestPrefixes.fresh("cr"))) {
            DbMap<String, String> m = depot.map("race", Codec.STRING, Codec.STRING);
            int threads = 8;
            int keys = 25;
            for (int round = 0; round < 3; round++) {
                int r = round;
                race(threads, keys, (t, key) -> m.put(key, r + "p" + t));
                assertCacheMatchesStore(m, keys);
                race(threads, keys, (t, key) -> m.replace(key, r + "r" + t));
                assertCacheMatchesStore(m, keys);
                race(threads, keys, (t, key) -> t % 2 == 0 ? m.put(key, r + "m" + t) : m.merge(key, "+" + t, String::concat));
                assertCacheMatchesStore(m, keys);
            }
        }
    }

    private static void assertCacheMatchesStore(DbMap<String, String> m, int keys) {
        Map<String, String> stored = new HashMap<>(m); // iteration reads the store, not the cache
        assertThat(stored).hasSize(keys);
        for (Map.Entry<String, String> e : stored.entrySet()) {
            assertThat(m.get(e.getKey())).as("cached read of %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static List<List<String>> race(int threads, int keys, java.util.function.BiFunction<Integer, String, String> op)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            List<Future<List<String>>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    start.await();
                    for (int k = 0; k < keys; k++) {
                        seen.add(op.apply(thread, "key" + k));
                    }
                    return seen;
                }));
            }
            List<List<String>> results = new ArrayList<>();
            for (Future<List<String>> f : done) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void computeFamilyFollowsConcurrentMapSemantics() {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            DbMap<String, Long> m = depot.map("m", Codec.STRING, Codec.LONG);
            assertThat(m.computeIfAbsent("a", k -> 1L)).isEqualTo(1L);
            assertThat(m.computeIfAbsent("a", k -> 2L)).isEqualTo(1L);
            assertThat(m.computeIfAbsent("n", k -> null)).isNull();
            assertThat(m.containsKey("n")).isFalse();
            assertThat(m.computeIfPresent("a", (k, v) -> v + 10)).isEqualTo(11L);
            assertThat(m.computeIfPresent("missing", (k, v) -> 5L)).isNull();
            assertThat(m.containsKey("missing")).isFalse();
            assertThat(m.compute("a", (k, v) -> null)).isNull();
            assertThat(m.containsKey("a")).isFalse();
            assertThat(m.compute("b", (k, v) -> v == null ? 7L : v + 1)).isEqualTo(7L);
            assertThat(m.merge("b", 3L, Long::sum)).isEqualTo(10L);
            assertThat(m.merge("b", 3L, (x, y) -> null)).isNull();
            assertThat(m).isEmpty();
            assertThat(m.putIfAbsent("c", 1L)).isNull();
            assertThat(m.putIfAbsent("c", 2L)).isEqualTo(1L);
            assertThat(m.replace("c", 9L, 3L)).isFalse();
            assertThat(m.replace("c", 1L, 3L)).isTrue();
            assertThat(m.replace("c", 4L)).isEqualTo(3L);
            assertThat(m.replace("zz", 4L)).isNull();
            assertThat(m.remove("c", 3L)).isFalse();
            assertThat(m.remove("c", 4L)).isTrue();
            assertThat(m).isEmpty();
        }
    }

    @Test
    void dbValueIsAtomicAndPersistent() {
        String prefix = TestPrefixes.fresh("ct");
        try (Depot depot = open(prefix)) {
            DbValue<Long> v = depot.value("counter", Codec.LONG);
            assertThat(v.get()).isNull();
            assertThat(v.compareAndSet(null, 1L)).isTrue();
            assertThat(v.compareAndSet(null, 2L)).isFalse();
            assertThat(v.compareAndSet(1L, 5L)).isTrue();
            assertThat(v.update(x -> x * 2)).isEqualTo(10L);
            assertThat(v.getOrDefault(0L)).isEqualTo(10L);
        }
        try (Depot depot = open(prefix)) {
            DbValue<Long> v = depot.value("counter", Codec.LONG);
            assertThat(v.get()).isEqualTo(10L);
            v.clear();
            assertThat(v.find()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- paging and bulk

    @Test
    void iterationAndStreamCoverEveryEntryAcrossPages() {
        int pageSize = 100;
        int count = 3 * pageSize + 57;
        try (Depot depot = Depot.open(config(TestPrefixes.fresh("ct")).pageSize(pageSize).build())) {
            DbMap<Long, String> m = depot.map("paged", Codec.LONG, Codec.STRING);
            Map<Long, String> expected = new HashMap<>();
            for (long i = -count / 2; i < count - count / 2; i++) {
                expected.put(i * 7919, "v" + i);
            }
            m.putAll(expected);
            assertThat(m.sizeLong()).isEqualTo(count);

            List<Long> keys = new ArrayList<>(m.keySet());
            assertThat(keys).hasSize(count).doesNotHaveDuplicates();
            assertThat(new HashSet<>(keys)).isEqualTo(expected.keySet());

            Map<Long, String> viaEntries = new HashMap<>();
            for (Map.Entry<Long, String> e : m.entrySet()) {
                assertThat(viaEntries.put(e.getKey(), e.getValue())).isNull();
            }
            assertThat(viaEntries).isEqualTo(expected);

            try (Stream<Map.Entry<Long, String>> s = m.stream()) {
                assertThat(s.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).isEqualTo(expected);
            }
            assertThat(m.values()).hasSize(count);
            assertThat(m.containsValue("v3")).isTrue();
            assertThat(m.containsValue("nope")).isFalse();
        }
    }

    @Test
    void iteratorRemoveAndSetValueWriteThrough() {
        try (Depot depot = Depot.open(config(TestPrefixes.fresh("ct")).pageSize(10).build())) {
            DbMap<Integer, String> m = depot.map("m", Codec.INT, Codec.STRING);
            for (int i = 0; i < 35; i++) {
                m.put(i, "v" + i);
            }
            for (Iterator<Map.Entry<Integer, String>> it = m.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, String> e = it.next();
                if (e.getKey() % 2 == 0) {
                    it.remove();
                } else {
                    e.setValue("odd" + e.getKey());
                }
            }
            assertThat(m).hasSize(17);
            assertThat(m.get(3)).isEqualTo("odd3");
            assertThat(m.containsKey(4)).isFalse();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @IntegrationTest // 100,000 entries written and read back: seconds, too slow for the unit tests
    void putAllOfHundredThousandEntries() {
        String prefix = TestPrefixes.fresh("ct");
        int n = 100_000;
        Map<Long, byte[]> batch = new LinkedHashMap<>();
        Random random = new Random(42);
        for (long i = 0; i < n; i++) {
            byte[] v = new byte[100];
            random.nextBytes(v);
            batch.put(i, v);
        }
        try (Depot depot = open(prefix)) {
            DbMap<Long, byte[]> m = depot.map("bulk", Codec.LONG, Codec.BYTES);
            m.putAll(batch);
            assertThat(m.sizeLong()).isEqualTo(n);
        }
        try (Depot depot = open(prefix)) {
            DbMap<Long, byte[]> m = depot.map("bulk", Codec.LONG, Codec.BYTES);
            assertThat(m.sizeLong()).isEqualTo(n);
            for (long i : new long[] {0, 1, 4242, 77_777, n - 1}) {
                assertThat(m.get(i)).isEqualTo(batch.get(i));
            }
            long seen;
            try (Stream<Map.Entry<Long, byte[]>> s = m.stream()) {
                seen = s.filter(e -> java.util.Arrays.equals(e.getValue(), batch.get(e.getKey()))).count();
            }
            assertThat(seen).isEqualTo(n);
            m.clear();
            assertThat(m.isEmpty()).isTrue();
            assertThat(m.sizeLong()).isZero();
        }
    }

    /** The bulk path of every key layout and of JSON values keeps upsert semantics: existing keys are overwritten. */
    @Test
    void putAllOverwritesExistingEntriesInEveryLayout() {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            Peer alice = new Peer(1, "Alice", List.of("a"), Instant.parse("2026-01-02T03:04:05Z"));
            Peer bob = new Peer(2, "Bob", List.of(), Instant.parse("2026-02-03T04:05:06Z"));
            DbMap<String, Peer> peers = depot.map("peers", Codec.STRING, Codec.json(Peer.class));
            peers.put("a", alice);
            Map<String, Peer> batch = new LinkedHashMap<>();
            batch.put("a", bob);
            batch.put("b", alice);
            batch.put("\u00fc\u0000x", bob);
            peers.putAll(batch);
            assertThat(peers.sizeLong()).isEqualTo(3);
            batch.forEach((k, v) -> assertThat(peers.get(k)).isEqualTo(v));

            DbMap<Long, String> longs = depot.map("longs", Codec.LONG, Codec.STRING);
            longs.put(-5L, "old");
            longs.putAll(Map.of(-5L, "new", Long.MAX_VALUE, "max", Long.MIN_VALUE, "min"));
            assertThat(longs.get(-5L)).isEqualTo("new");
            assertThat(longs.get(Long.MIN_VALUE)).isEqualTo("min");
            assertThat(longs.sizeLong()).isEqualTo(3);

            DbMap<byte[], byte[]> bytes = depot.map("bytes", Codec.BYTES, Codec.BYTES);
            bytes.put(new byte[] {0}, new byte[] {1});
            bytes.putAll(Map.of(new byte[] {0}, new byte[] {2}, new byte[] {(byte) 0xff, 0}, new byte[0]));
            assertThat(bytes.get(new byte[] {0})).containsExactly(2);
            assertThat(bytes.get(new byte[] {(byte) 0xff, 0})).isEmpty();
            assertThat(bytes.sizeLong()).isEqualTo(2);
        }
    }

    @Test
    void getAllReadsPresentKeysInBulk() {
        try (Depot depot = Depot.open(config(TestPrefixes.fresh("ct")).pageSize(100).build())) {
            DbMap<Long, String> m = depot.map("bulk_read", Codec.LONG, Codec.STRING);
            Map<Long, String> data = new HashMap<>();
            for (long i = 0; i < 1_000; i += 2) {
                data.put(i, "v" + i);
            }
            m.putAll(data);
            m.get(10L); // one cached, the rest read from the store
            List<Long> asked = new ArrayList<>();
            for (long i = 0; i < 1_000; i++) {
                asked.add(i);
            }
            assertThat(m.getAll(asked)).isEqualTo(data);
            assertThat(m.getAll(List.of())).isEmpty();
            assertThat(((DbMap) m).getAll(List.of("wrong type", 2L))).containsExactly(Map.entry(2L, "v2"));
        }
    }

    @Test
    void theAsyncViewDoesWhatTheMapDoes() throws Exception {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            DbMap<String, Long> m = depot.map("async", Codec.STRING, Codec.LONG);
            var async = m.async();
            assertThat(async.sync()).isSameAs(m);
            async.set("a", 1L).get(30, TimeUnit.SECONDS);
            assertThat(async.get("a").get(30, TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(m.get("a")).isEqualTo(1L);
            assertThat(async.put("a", 2L).get(30, TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(async.putIfAbsent("a", 9L).get(30, TimeUnit.SECONDS)).isEqualTo(2L);
            assertThat(async.replace("a", 2L, 3L).get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(async.merge("a", 10L, Long::sum).get(30, TimeUnit.SECONDS)).isEqualTo(13L);
            assertThat(async.compute("b", (k, v) -> v == null ? 5L : v).get(30, TimeUnit.SECONDS)).isEqualTo(5L);
            assertThat(async.containsKey("b").get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(async.getAll(List.of("a", "b", "c")).get(30, TimeUnit.SECONDS))
                    .isEqualTo(Map.of("a", 13L, "b", 5L));
            assertThat(async.putAll(Map.of("c", 1L, "d", 2L)).thenCompose(x -> async.sizeLong()).get(30, TimeUnit.SECONDS))
                    .isEqualTo(4L);
            assertThat(async.delete("d").get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(async.delete("d").get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(async.remove("c").get(30, TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(m).containsOnly(Map.entry("a", 13L), Map.entry("b", 5L));
            assertThatThrownBy(() -> async.set(null, 1L)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> async.set("k".repeat(600), 1L)).isInstanceOf(IllegalArgumentException.class);
            List<java.util.concurrent.CompletableFuture<Void>> many = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                many.add(async.set("many" + i, (long) i));
            }
            java.util.concurrent.CompletableFuture.allOf(many.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            assertThat(m.get("many499")).isEqualTo(499L);
        }
    }

    // ---------------------------------------------------------------- codecs

    @Test
    void keysOfEveryCodecRoundTrip() {
        String prefix = TestPrefixes.fresh("ct");
        List<String> strings = List.of("", "plain", "with space", "quote ' \" ;-- DROP TABLE x", "emoji 😀🎉 ok",
                "nul\u0000inside", "\u0000", "ünïcödé 中文", "line\nbreak\ttab");
        List<Long> longs = List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE);
        List<Integer> ints = List.of(Integer.MIN_VALUE, -7, 0, 7, Integer.MAX_VALUE);
        List<byte[]> bytes = List.of(new byte[0], new byte[] {0}, new byte[] {(byte) 0xff, 0, 1}, new byte[512]);
        List<UUID> uuids = List.of(new UUID(0, 0), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new UUID(-1, -1));
        List<Instant> instants = List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("2026-11-22T10:15:30.123456789Z"), Instant.MIN, Instant.MAX);
        Peer peer = new Peer(5, "Carol", List.of("x"), Instant.parse("2020-01-01T00:00:00Z"));

        try (Depot depot = open(prefix)) {
            DbMap<String, String> s = depot.map("k_string", Codec.STRING, Codec.STRING);
            strings.forEach(k -> s.put(k, "value of " + k));
            DbMap<Long, Long> l = depot.map("k_long", Codec.LONG, Codec.LONG);
            longs.forEach(k -> l.put(k, k));
            DbMap<Integer, Integer> i = depot.map("k_int", Codec.INT, Codec.INT);
            ints.forEach(k -> i.put(k, k));
            DbMap<byte[], byte[]> b = depot.map("k_bytes", Codec.BYTES, Codec.BYTES);
            bytes.forEach(k -> b.put(k, k));
            DbMap<UUID, UUID> u = depot.map("k_uuid", Codec.UUID, Codec.UUID);
            uuids.forEach(k -> u.put(k, k));
            DbMap<Instant, Instant> t = depot.map("k_instant", Codec.INSTANT, Codec.INSTANT);
            instants.forEach(k -> t.put(k, k));
            DbMap<Peer, String> j = depot.map("k_json", Codec.json(Peer.class), Codec.STRING);
            j.put(peer, "json key");
        }
        try (Depot depot = open(prefix)) {
            DbMap<String, String> s = depot.map("k_string", Codec.STRING, Codec.STRING);
            assertThat(s).hasSize(strings.size());
            strings.forEach(k -> assertThat(s.get(k)).as("value of %s", k).isEqualTo("value of " + k));
            assertThat(new HashSet<>(s.keySet())).isEqualTo(new HashSet<>(strings));

            DbMap<Long, Long> l = depot.map("k_long", Codec.LONG, Codec.LONG);
            longs.forEach(k -> assertThat(l.get(k)).isEqualTo(k));
            assertThat(new HashSet<>(l.keySet())).isEqualTo(new HashSet<>(longs));

            DbMap<Integer, Integer> i = depot.map("k_int", Codec.INT, Codec.INT);
            ints.forEach(k -> assertThat(i.get(k)).isEqualTo(k));

            DbMap<byte[], byte[]> b = depot.map("k_bytes", Codec.BYTES, Codec.BYTES);
            bytes.forEach(k -> assertThat(b.get(k)).isEqualTo(k));
            assertThat(b.sizeLong()).isEqualTo(bytes.size());
            assertThat(b.remove(new byte[] {(byte) 0xff, 0, 1}, new byte[] {(byte) 0xff, 0, 1})).isTrue();

            DbMap<UUID, UUID> u = depot.map("k_uuid", Codec.UUID, Codec.UUID);
            uuids.forEach(k -> assertThat(u.get(k)).isEqualTo(k));

            DbMap<Instant, Instant> t = depot.map("k_instant", Codec.INSTANT, Codec.INSTANT);
            instants.forEach(k -> assertThat(t.get(k)).isEqualTo(k));

            DbMap<Peer, String> j = depot.map("k_json", Codec.json(Peer.class), Codec.STRING);
            assertThat(j.get(peer)).isEqualTo("json key");
        }
    }

    @Test
    @IntegrationTest // 16 MiB through the codec and the store: seconds, too slow for the unit tests
    void sixteenMebibyteValueRoundTrips() {
        String prefix = TestPrefixes.fresh("ct");
        byte[] big = new byte[16 << 20];
        new Random(7).nextBytes(big);
        try (Depot depot = open(prefix)) {
            depot.map("blobs", Codec.STRING, Codec.BYTES).put("big", big);
        }
        try (Depot depot = open(prefix)) {
            assertThat(depot.map("blobs", Codec.STRING, Codec.BYTES).get("big")).isEqualTo(big);
        }
    }

    @Test
    void reopeningWithOtherCodecsFailsAndChangesNothing() {
        String prefix = TestPrefixes.fresh("ct");
        try (Depot depot = open(prefix)) {
            depot.map("typed", Codec.LONG, Codec.STRING).put(1L, "one");
        }
        try (Depot depot = open(prefix)) {
            assertThatThrownBy(() -> depot.map("typed", Codec.STRING, Codec.STRING))
                    .isInstanceOf(CodecMismatchException.class)
                    .hasMessageContaining("typed").hasMessageContaining("long").hasMessageContaining("string");
            assertThatThrownBy(() -> depot.map("typed", Codec.LONG, Codec.json(Peer.class)))
                    .isInstanceOf(CodecMismatchException.class);
            assertThat(depot.map("typed", Codec.LONG, Codec.STRING)).containsExactly(Map.entry(1L, "one"));
            assertThat(depot.mapInfo("typed")).contains(new MapInfo("typed", "long", "string"));
        }
    }

    /** Same id as {@link #LENIENT}, but accepts only bytes that start with "ok:". */
    private static final Codec<String> STRICT = new TestCodec(true);
    /** Writes any string as UTF-8, under the id of {@link #STRICT}. */
    private static final Codec<String> LENIENT = new TestCodec(false);

    private record TestCodec(boolean strict) implements Codec<String> {
        @Override
        public String id() {
            return "contract-test-text";
        }

        @Override
        public Class<String> type() {
            return String.class;
        }

        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            String s = new String(bytes, StandardCharsets.UTF_8);
            if (strict && !s.startsWith("ok:")) {
                throw new IllegalArgumentException("does not start with ok:");
            }
            return s;
        }

        @Override
        public StorageType storageType() {
            return StorageType.BINARY;
        }
    }

    @Test
    void undecodableBytesGiveATypedErrorNamingMapAndKey() {
        String prefix = TestPrefixes.fresh("ct");
        try (Depot depot = open(prefix)) {
            DbMap<String, String> m = depot.map("garbled", Codec.STRING, LENIENT);
            m.put("good", "ok:fine");
            m.put("bad-key-42", "garbage");
        }
        try (Depot depot = open(prefix)) {
            assertThatThrownBy(() -> depot.map("garbled", Codec.STRING, STRICT).get("bad-key-42"))
                    .isInstanceOf(UndecodableDataException.class)
                    .hasMessageContaining("garbled")
                    .hasMessageContaining("bad-key-42");
        }
        try (Depot depot = open(prefix)) {
            DbMap<String, String> m = depot.map("garbled", Codec.STRING, LENIENT);
            assertThat(m).containsOnly(Map.entry("good", "ok:fine"), Map.entry("bad-key-42", "garbage"));
        }
    }

    // ---------------------------------------------------------------- names, limits, bad input

    @ParameterizedTest
    @ValueSource(strings = {"with space", "quote'", "dq\"", "semi;colon", "dash--comment", "drop;--", "ünïcode", "中文",
            "tab\t", "new\nline", "dot.name", "a/b", "", "depot_meta", "DEPOT_anything", "`backtick`", "x)", "percent%"})
    void invalidMapNamesAreRejectedBeforeAnyStatement(String name) {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            DbMap<String, String> existing = depot.map("existing", Codec.STRING, Codec.STRING);
            existing.put("k", "v");
            List<MapInfo> before = depot.maps();
            assertThatThrownBy(() -> depot.map(name, Codec.STRING, Codec.STRING)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("map name");
            assertThatThrownBy(() -> depot.value(name, Codec.STRING)).isInstanceOf(IllegalArgumentException.class);
            assertThat(depot.maps()).isEqualTo(before);
            assertThat(existing).containsExactly(Map.entry("k", "v"));
        }
    }

    @Test
    void mapNamesOverTheLengthLimitAreRejected() {
        String prefix = TestPrefixes.fresh("ct");
        try (Depot depot = open(prefix)) {
            int max = 63 - prefix.length() - 1;
            String longest = "n".repeat(max);
            depot.map(longest, Codec.STRING, Codec.STRING).put("k", "v");
            assertThat(depot.map(longest, Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
            List<MapInfo> before = depot.maps();
            assertThatThrownBy(() -> depot.map(longest + "x", Codec.STRING, Codec.STRING))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
            assertThat(depot.maps()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "quote'", "semi;colon", "dash--", "ünïcode", "1starts_with_digit", "",
            "a_prefix_that_is_far_too_long_for_any_store_name"})
    void invalidPrefixesAreRejected(String prefix) {
        assertThatThrownBy(() -> config(prefix)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }

    @Test
    void oversizedKeysAndValuesAreRejectedAndChangeNothing() {
        try (Depot depot = Depot.open(config(TestPrefixes.fresh("ct")).maxValueBytes(1024).build())) {
            DbMap<String, String> m = depot.map("limits", Codec.STRING, Codec.STRING);
            m.put("keep", "kept");
            String maxKey = "k".repeat(DepotConfig.MAX_KEY_BYTES);
            m.put(maxKey, "at the limit");
            assertThat(m.get(maxKey)).isEqualTo("at the limit");

            String longKey = "k".repeat(DepotConfig.MAX_KEY_BYTES + 1);
            String emojiKey = "😀".repeat(DepotConfig.MAX_KEY_BYTES / 4 + 1); // 4 bytes each in UTF-8
            String bigValue = "v".repeat(1025);
            assertThatThrownBy(() -> m.put(longKey, "v")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limits");
            assertThatThrownBy(() -> m.put(emojiKey, "v")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> m.put("keep", bigValue)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
            assertThatThrownBy(() -> m.merge("keep", bigValue, (a, b) -> b)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> m.compute("keep", (k, v) -> bigValue)).isInstanceOf(IllegalArgumentException.class);
            Map<String, String> batch = new LinkedHashMap<>();
            IntStream.range(0, 50).forEach(i -> batch.put("batch" + i, "ok"));
            batch.put("batch-bad", bigValue);
            assertThatThrownBy(() -> m.putAll(batch)).isInstanceOf(IllegalArgumentException.class);

            assertThat(m.get(longKey)).isNull();
            assertThat(m.containsKey(longKey)).isFalse();
            assertThat(m).containsOnly(Map.entry("keep", "kept"), Map.entry(maxKey, "at the limit"));
        }
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            DbMap<String, String> m = depot.map("text", Codec.STRING, Codec.STRING);
            assertThatThrownBy(() -> m.put("bad\ud800", "v")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> m.put("k", "bad\udc00")).isInstanceOf(IllegalArgumentException.class);
            assertThat(m).isEmpty();
        }
    }

    @Test
    void nullsAreRejectedLikeConcurrentHashMap() {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            DbMap<String, String> m = depot.map("nulls", Codec.STRING, Codec.STRING);
            m.put("k", "v");
            assertThatThrownBy(() -> m.put(null, "v")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> m.put("k", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> m.get(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> m.putIfAbsent("k2", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> m.merge("k", null, (a, b) -> a)).isInstanceOf(NullPointerException.class);
            Map<String, String> withNull = new HashMap<>();
            withNull.put("ok", "ok");
            withNull.put("n", null);
            assertThatThrownBy(() -> m.putAll(withNull)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> depot.map("x", null, Codec.STRING)).isInstanceOf(NullPointerException.class);
            assertThat(m).containsExactly(Map.entry("k", "v"));
        }
    }

    @Test
    void queriesWithKeysOfAnotherTypeAnswerAbsent() {
        try (Depot depot = open(TestPrefixes.fresh("ct"))) {
            DbMap<Long, String> m = depot.map("typed", Codec.LONG, Codec.STRING);
            m.put(1L, "one");
            Map<Object, Object> raw = (Map) m;
            assertThat(raw.get("1")).isNull();
            assertThat(raw.containsKey(1)).isFalse();
            assertThat(raw.remove("1")).isNull();
            assertThat(raw.remove(1L, 1)).isFalse();
            assertThat(m).containsExactly(Map.entry(1L, "one"));
        }
    }
}
