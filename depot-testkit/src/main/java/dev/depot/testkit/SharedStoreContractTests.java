package dev.depot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.LeaseListener;
import dev.depot.LeaseLostException;
import dev.depot.NoSuchStoreException;
import dev.depot.SessionLockedException;
import dev.depot.MapOptions;
import dev.depot.WriteMode;
import dev.depot.testkit.junit.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of a store that several processes share (SQL databases, Redis): two
 * {@link Depot} instances with their own connections stand for two processes. Adds to
 * {@link DepotContractTests} what only a shared store can do: atomicity between instances, the
 * cache's staleness bound, and write-behind visibility. The memory store is one process's own
 * and does not run these.
 *
 * <p>This class is long because it is the contract of shared stores: each test is one promise.
 */
public abstract class SharedStoreContractTests extends DepotContractTests {

    /** Opens the store in shared mode, as cooperating processes do. */
    protected final Depot openShared(String prefix) {
        return Depot.open(config(prefix).sharedAccess(true).build());
    }

    @Test
    void openingOnlyToLookAtAnUnusedPrefixCreatesNothing() {
        String prefix = TestPrefixes.fresh("in");
        for (int i = 0; i < 2; i++) { // the second time proves the first left nothing behind
            assertThatThrownBy(() -> Depot.open(config(prefix).createIfMissing(false).sharedAccess(true).build()))
                    .isInstanceOf(NoSuchStoreException.class).hasMessageContaining("nothing is there")
                    .hasMessageContaining(prefix);
        }
        try (Depot d = open(prefix)) {
            d.map("m", Codec.STRING, Codec.STRING).put("k", "v");
        }
        try (Depot look = Depot.open(config(prefix).createIfMissing(false).sharedAccess(true).build())) {
            assertThat(look.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
    }

    // ---------------------------------------------------------------- session lease between machines

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void anOwnerOnAnotherMachineThatRenewsIsReportedLockedWithoutWaitingForItsTtl() {
        String prefix = TestPrefixes.fresh("ls");
        try (ForeignLease other = ForeignLease.write(storeUrl(), prefix, DepotConfig.DEFAULT_LEASE_TTL).keepRenewing(Duration.ofMillis(500))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> open(prefix)).isInstanceOf(SessionLockedException.class)
                    .hasMessageContaining("other-machine.example").hasMessageContaining("renews");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(other.held()).isTrue();
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aDeadOwnerOnAnotherMachineIsTakenOverOnceItsLeaseLapses() {
        String prefix = TestPrefixes.fresh("ls");
        Duration ttl = Duration.ofSeconds(2);
        try (ForeignLease other = ForeignLease.write(storeUrl(), prefix, ttl)) {
            long started = System.nanoTime();
            try (Depot taken = Depot.open(config(prefix).leaseTtl(ttl).build())) {
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                assertThat(waited).isGreaterThan(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(6));
                assertThat(other.held()).isFalse();
                taken.map("m", Codec.STRING, Codec.STRING).put("k", "v");
            }
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void anOwnerOnAnotherMachineIsWaitedForAtMostLeaseWait() {
        String prefix = TestPrefixes.fresh("ls");
        try (ForeignLease other = ForeignLease.write(storeUrl(), prefix, Duration.ofMinutes(5))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> Depot.open(config(prefix).leaseWait(Duration.ofSeconds(1)).build()))
                    .isInstanceOf(SessionLockedException.class).hasMessageContaining("leaseWait");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(5));
            assertThat(other.held()).isTrue();
        }
    }

    @Test
    @Timeout(120) // seconds: the child JVM's start, and the take-over
    @IntegrationTest // starts a child JVM
    void aDeadOwnersPidReusedByAnotherProcessIsTakenOverAtOnce() throws Exception {
        String prefix = TestPrefixes.fresh("ls");
        LeaseHolder.startWithDefaults(storeUrl(), prefix).close(); // SIGKILLed: its lease stays behind
        // The dead owner's pid now names a live process started at another time: this test's JVM.
        ForeignLease.rewritePid(storeUrl(), prefix, ProcessHandle.current().pid());
        assertTakenOverAtOnce(prefix);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aLeaseTakenOverStopsWritesAndTellsTheListener() throws Exception {
        String prefix = TestPrefixes.fresh("ls");
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        LeaseListener listener = (p, reason, takenOver) -> heard.add(p + " " + takenOver + " " + reason);
        Depot depot = Depot.open(config(prefix).leaseTtl(Duration.ofSeconds(3)).leaseListener(listener).build());
        try {
            DbMap<String, String> m = depot.map("m", Codec.STRING, Codec.STRING);
            m.put("before", "1");
            try (ForeignLease other = ForeignLease.write(storeUrl(), prefix, Duration.ofMinutes(1))) {
                String event = heard.poll(10, TimeUnit.SECONDS);
                assertThat(event).isNotNull().startsWith(prefix + " true").contains("other-machine.example");
                assertThatThrownBy(() -> m.put("after", "2")).isInstanceOf(LeaseLostException.class)
                        .satisfies(e -> assertThat(((LeaseLostException) e).takenOver()).isTrue())
                        .hasMessageContaining(prefix);
                assertThatThrownBy(() -> m.merge("before", "x", String::concat)).isInstanceOf(LeaseLostException.class);
                assertThatThrownBy(() -> m.async().put("later", "3").join()).hasCauseInstanceOf(LeaseLostException.class);
                assertThat(m.get("before")).isEqualTo("1"); // reads still work
                depot.close(); // closes without writing: the prefix is another instance's now
                assertThat(other.held()).isTrue();
            }
        } finally {
            depot.close();
        }
        try (Depot shared = openShared(prefix)) {
            DbMap<String, String> m = shared.map("m", Codec.STRING, Codec.STRING);
            assertThat(m).containsOnlyKeys("before");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @IntegrationTest // thousands of contended merges: seconds, too slow for the unit tests
    void twoInstancesMergingTheSameKeysLoseNoUpdate() throws Exception {
        String prefix = TestPrefixes.fresh("sh");
        int perThread = 2_500;
        try (Depot a = openShared(prefix); Depot b = openShared(prefix)) {
            List<DbMap<String, Long>> maps = List.of(a.map("counters", Codec.STRING, Codec.LONG), b.map("counters", Codec.STRING, Codec.LONG));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    DbMap<String, Long> m = maps.get(t % 2);
                    int offset = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            m.merge("k" + ((i + offset) % 5), 1L, Long::sum);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long total = 0;
            for (long v : maps.get(0).values()) {
                total += v;
            }
            assertThat(total).isEqualTo(4L * perThread);
            // Instance b may have cached k0 before a's last merge (the TTL bounds that); its map
            // iteration reads the store.
            assertThat(maps.get(1).entrySet()).contains(Map.entry("k0", 4L * perThread / 5));
        }
    }

    @Test
    void anotherInstancesWriteIsSeenWithinTheCacheTtl() throws Exception {
        String prefix = TestPrefixes.fresh("sh");
        Duration ttl = Duration.ofSeconds(2);
        try (Depot reader = Depot.open(config(prefix).cacheTtl(ttl).sharedAccess(true).build()); Depot writer = openShared(prefix)) {
            DbMap<String, String> r = reader.map("cached", Codec.STRING, Codec.STRING);
            DbMap<String, String> w = writer.map("cached", Codec.STRING, Codec.STRING);
            w.put("k", "v1");
            assertThat(r.get("k")).isEqualTo("v1");
            w.put("k", "v2");
            w.put("new", "fresh");
            assertThat(r.get("new")).as("absence is never cached").isEqualTo("fresh");
            long deadline = System.nanoTime() + ttl.plusSeconds(3).toNanos();
            String seen = r.get("k");
            while (!"v2".equals(seen) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                seen = r.get("k");
            }
            assertThat(seen).as("value seen after the TTL").isEqualTo("v2");
        }
    }

    @Test
    void ownWritesAreSeenAtOnceThroughTheCache() {
        try (Depot d = Depot.open(config(TestPrefixes.fresh("sh")).cacheTtl(Duration.ofMinutes(5)).build())) {
            DbMap<String, String> m = d.map("own", Codec.STRING, Codec.STRING);
            m.put("k", "v1");
            assertThat(m.get("k")).isEqualTo("v1");
            m.put("k", "v2");
            assertThat(m.get("k")).isEqualTo("v2");
            m.merge("k", "!", String::concat);
            assertThat(m.get("k")).isEqualTo("v2!");
            m.remove("k");
            assertThat(m.get("k")).isNull();
            m.put("k", "v3");
            m.clear();
            assertThat(m.get("k")).isNull();
        }
    }

    @Test
    void writesThroughViewsAndAsyncAreSeenAtOnceThroughTheCache() {
        try (Depot d = Depot.open(config(TestPrefixes.fresh("sh")).cacheTtl(Duration.ofMinutes(5)).build())) {
            DbMap<String, String> m = d.map("views", Codec.STRING, Codec.STRING);
            m.putAll(Map.of("a", "1", "b", "2", "c", "3"));
            assertThat(m.getAll(List.of("a", "b", "c"))).hasSize(3);
            assertThat(List.of(m.get("a"), m.get("b"), m.get("c"))).containsExactly("1", "2", "3"); // now cached
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (e.getKey().equals("a")) {
                    e.setValue("1x");
                }
            }
            assertThat(m.get("a")).isEqualTo("1x");
            for (java.util.Iterator<String> it = m.keySet().iterator(); it.hasNext();) {
                if (it.next().equals("b")) {
                    it.remove();
                }
            }
            assertThat(m.get("b")).isNull();
            m.replaceAll((k, v) -> v + "!");
            assertThat(List.of(m.get("a"), m.get("c"))).containsExactly("1x!", "3!");
            assertThat(m.entrySet().remove(Map.entry("c", "3!"))).isTrue();
            assertThat(m.get("c")).isNull();
            m.async().put("a", "async").join();
            assertThat(m.get("a")).isEqualTo("async");
            m.async().delete("a").join();
            assertThat(m.get("a")).isNull();
            assertThat(m.containsKey("a")).isFalse();
        }
    }

    @Test
    void writeBehindIsVisibleHereAtOnceAndElsewhereAfterFlush() {
        String prefix = TestPrefixes.fresh("sh");
        MapOptions behind = MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND).withFlushInterval(Duration.ofHours(1));
        try (Depot other = openShared(prefix)) {
            Depot d = openShared(prefix);
            DbMap<Long, String> m = d.map("wb", Codec.LONG, Codec.STRING, behind);
            DbMap<Long, String> seenElsewhere = other.map("wb", Codec.LONG, Codec.STRING, MapOptions.defaults().withCacheTtl(Duration.ZERO));
            for (long i = 0; i < 5_000; i++) {
                m.set(i, "v" + i);
            }
            for (int round = 0; round < 100; round++) {
                m.set(42L, "round" + round); // the last write to a key wins, in order
            }
            m.remove(7L);
            assertThat(m.get(1L)).isEqualTo("v1");
            assertThat(m.get(42L)).isEqualTo("round99");
            assertThat(m.containsKey(7L)).isFalse();
            assertThat(seenElsewhere.get(1L)).as("not flushed yet").isNull();

            d.flush();
            assertThat(seenElsewhere.sizeLong()).isEqualTo(4_999);
            assertThat(seenElsewhere.get(42L)).isEqualTo("round99");
            assertThat(seenElsewhere.containsKey(7L)).isFalse();

            Map<Long, String> more = new HashMap<>();
            for (long i = 10_000; i < 10_500; i++) {
                more.put(i, "more");
            }
            m.putAll(more);
            assertThat(m.putIfAbsent(10_001L, "other")).as("conditional ops see buffered writes").isEqualTo("more");
            m.set(99_999L, "at close");
            d.close();
            assertThat(seenElsewhere.get(99_999L)).isEqualTo("at close");
            assertThat(seenElsewhere.sizeLong()).isEqualTo(4_999 + 500 + 1);
        }
    }

    @Test
    void writeBehindFlushesOnItsInterval() throws Exception {
        String prefix = TestPrefixes.fresh("sh");
        MapOptions behind = MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND).withFlushInterval(Duration.ofMillis(100));
        try (Depot d = openShared(prefix); Depot other = openShared(prefix)) {
            d.map("wb", Codec.STRING, Codec.STRING, behind).set("k", "v");
            DbMap<String, String> elsewhere = other.map("wb", Codec.STRING, Codec.STRING, MapOptions.defaults().withCacheTtl(Duration.ZERO));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (elsewhere.get("k") == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(elsewhere.get("k")).isEqualTo("v");
        }
    }
}
