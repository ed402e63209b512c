package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.Pause;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.PostgresReplicaSet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code readFrom=replicaPreferred} against a real streaming standby slowed down by
 * {@code recovery_min_apply_delay} (1 s, below the default 2 s read-your-writes window): a value
 * written on the primary by another process is not visible through the reader's plain reads
 * until the standby applies it, which proves those reads hit the replica; the reader's own writes
 * are visible at once; conditional operations see the primary; a stopped replica sends reads to
 * the primary. Every Depot here runs with the default timeouts and window; only the cache is off,
 * since the subject is the reads that reach the store.
 */
@IntegrationTest
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresReadReplicaTest {
    private static final Duration APPLY_DELAY = Duration.ofSeconds(1);
    private static PostgresReplicaSet set;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        set = PostgresReplicaSet.builder().applyDelay(APPLY_DELAY).start();
        set.primary().psql("postgres", "CREATE DATABASE replica");
        awaitMillis(() -> "1".equals(set.standby().psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'replica'")
                .trim()), System.nanoTime());
    }

    @AfterAll
    static void stop() {
        if (set != null) {
            set.close();
        }
    }

    /** A Depot on the primary only: "another process" that writes. */
    private Depot writer(String prefix) {
        return Depot.open(DepotConfig.builder().url(set.primary().url("replica")).prefix(prefix).sharedAccess(true)
                .cacheTtl(Duration.ZERO).sessionDir(tmp.resolve("w")).build());
    }

    /** A Depot reading from the standby named by {@code replicaUrl}. */
    private Depot reader(String prefix) {
        return Depot.open(DepotConfig.builder().url(set.primary().url("replica")).prefix(prefix).sharedAccess(true)
                .cacheTtl(Duration.ZERO).storeParam("readFrom", "replicaPreferred")
                .storeParam("replicaUrl", set.standby().url("replica")).sessionDir(tmp.resolve("r")).build());
    }

    @Test
    void plainReadsHitTheReplicaAndSeeAWriteOnlyOnceItIsApplied() {
        try (Pair p = new Pair(this::reader)) {
            DbMap<String, String> wm = p.wm;
            DbMap<String, String> rm = p.rm;
            wm.put("a", "1");
            long written = System.nanoTime();
            assertThat(rm.get("a")).as("get, at once after another process's write (the replica lags 1 s)").isNull();
            assertThat(rm.getAll(List.of("a"))).as("getAll, at once").isEmpty();
            assertThat(new HashMap<>(rm)).as("iteration, at once").isEmpty();
            assertThat(rm.containsKey("a")).as("containsKey, at once").isFalse();
            long seenMs = awaitMillis(() -> "1".equals(rm.get("a")), written);
            System.out.println("REPLICA: a write on the primary (port " + set.primary().port() + ") became visible through"
                    + " the replica (port " + set.standby().port() + ", pg_is_in_recovery() = "
                    + PostgresReplicaSet.inRecovery(set.standby()) + ") after " + seenMs + " ms");
            assertThat(seenMs).as("ms until the replica shows it").isGreaterThanOrEqualTo(APPLY_DELAY.toMillis() - 100);
            assertThat(rm.getAll(List.of("a"))).isEqualTo(Map.of("a", "1"));
            assertThat(new HashMap<>(rm)).isEqualTo(Map.of("a", "1"));
            assertThat(rm.size()).as("size counts on the primary").isEqualTo(1);
        }
    }

    @Test
    void aProcessReadsItsOwnWritesForTheWholeWindowAtTheDefaults() throws InterruptedException {
        String prefix = TestPrefixes.fresh("rr");
        try (Depot r = reader(prefix)) {
            DbMap<String, String> rm = r.map("m", Codec.STRING, Codec.STRING);
            rm.put("own", "v0");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // past the 2 s window and the 1 s lag
            int reads = 0;
            for (int i = 1; System.nanoTime() < end; i++) {
                rm.put("own", "v" + i);
                assertThat(rm.get("own")).as("read %d right after the write", i).isEqualTo("v" + i);
                assertThat(new HashMap<>(rm)).isEqualTo(Map.of("own", "v" + i));
                Thread.sleep(100);
                reads++;
            }
            long quietFrom = System.nanoTime();
            // no more writes: once the window is over, reads go to the replica, which has applied them by then
            Thread.sleep(2_500);
            assertThat(rm.get("own")).isEqualTo("v" + reads);
            System.out.println("READ-YOUR-WRITES: " + reads + " writes each read back at once; the last read, "
                    + (System.nanoTime() - quietFrom) / 1_000_000 + " ms after the last write (past the window), still the last value");
        }
    }

    @Test
    void conditionalOperationsAndComputeSeeThePrimary() {
        String prefix = TestPrefixes.fresh("rr");
        try (Depot w = writer(prefix); Depot r = reader(prefix)) {
            DbMap<String, Long> wm = w.map("c", Codec.STRING, Codec.LONG);
            DbMap<String, Long> rm = r.map("c", Codec.STRING, Codec.LONG);
            awaitOnStandby(prefix + "_c");
            wm.put("n", 10L);
            wm.put("gone", 1L);
            wm.put("cas", 5L);
            assertThat(rm.get("n")).as("the replica does not have it yet").isNull();
            assertThat(rm.computeIfPresent("n", (k, v) -> v + 1)).isEqualTo(11L);
            assertThat(rm.merge("n", 5L, Long::sum)).isEqualTo(16L);
            assertThat(rm.putIfAbsent("gone", 7L)).isEqualTo(1L);
            assertThat(rm.replace("cas", 5L, 6L)).isTrue();
            assertThat(rm.compute("new", (k, v) -> v == null ? 1L : v + 1)).isEqualTo(1L);
            assertThat(rm.computeIfAbsent("n", k -> 99L)).isEqualTo(16L);
            assertThat(wm.get("n")).isEqualTo(16L);
            assertThat(wm.get("cas")).isEqualTo(6L);
        }
    }

    @Test
    void aStoppedReplicaSendsReadsToThePrimaryAndIsUsedAgainOnceBack() {
        try (Pair p = new Pair(this::reader)) {
            p.wm.put("k", "before");
            awaitMillis(() -> "before".equals(p.rm.get("k")), System.nanoTime());
            set.standby().stop();
            try {
                p.wm.put("k", "during");
                long t = System.nanoTime();
                assertThat(p.rm.get("k")).as("the primary answers while the replica is down").isEqualTo("during");
                System.out.println("FALLBACK: first read with the replica stopped took " + (System.nanoTime() - t) / 1_000_000
                        + " ms");
                assertThat(new HashMap<>(p.rm)).isEqualTo(Map.of("k", "during"));
            } finally {
                set.standby().start();
            }
            // back: after the retry interval (connectTimeout) reads hit the lagging replica again
            long back = System.nanoTime();
            long ms = awaitMillis(() -> {
                String probe = "probe" + System.nanoTime();
                p.wm.put(probe, "x");
                return p.rm.get(probe) == null; // a fresh key not yet visible: the read went to the replica
            }, back);
            System.out.println("FALLBACK: reads went to the restarted replica again " + ms + " ms after it was back");
        }
    }

    @Test
    void aReplicaLaggingMoreThanMaxReplicaLagIsNotReadUntilItCatchesUp() {
        // maxReplicaLag shortened to 300 ms below the standby's 1 s delay; the other tests read the
        // same standby at the default (5 s), which tolerates it
        try (Pair p = new Pair(prefix -> Depot.open(DepotConfig.builder().url(set.primary().url("replica")).prefix(prefix)
                .sharedAccess(true).cacheTtl(Duration.ZERO).storeParam("readFrom", "replicaPreferred")
                .storeParam("replicaUrl", set.standby().url("replica")).storeParam("maxReplicaLag", "300ms")
                .sessionDir(tmp.resolve("lag")).build()))) {
            long start = System.nanoTime();
            long fresh = awaitMillis(() -> {
                String key = "w" + System.nanoTime();
                p.wm.put(key, "x");
                return "x".equals(p.rm.get(key)); // visible at once: read on the primary
            }, start);
            System.out.println("LAG: with writes flowing (1 s apply delay), reads went to the primary after " + fresh + " ms");
            long back = awaitMillis(() -> {
                Pause.millis(1_500); // no writes: the standby replays everything, and the next lag check falls due
                p.rm.get("none"); // read while idle: its lag check finds the standby caught up
                String key = "q" + System.nanoTime();
                p.wm.put(key, "x");
                return p.rm.get(key) == null; // not visible yet: read on the replica
            }, System.nanoTime());
            System.out.println("LAG: once caught up, reads went to the replica again after " + back + " ms");
        }
    }

    @Test
    void theSameHostsWithPreferSecondaryServeAsTheReplica() {
        String url = set.multiHostUrl("replica") + "&readFrom=replicaPreferred";
        try (Pair p = new Pair(prefix -> Depot.open(DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true)
                .cacheTtl(Duration.ZERO).sessionDir(tmp.resolve("m")).build()))) {
            p.wm.put("a", "1");
            assertThat(p.rm.get("a")).as("read from the standby, which lags").isNull();
            awaitMillis(() -> "1".equals(p.rm.get("a")), System.nanoTime());
        }
    }

    @Test
    void turningReplicaReadsOnInTheUrlIsStillTheSameStore() {
        String prefix = TestPrefixes.fresh("rr");
        Path session = tmp.resolve("same");
        String plain = set.primary().url("replica");
        try (Depot d = Depot.open(DepotConfig.builder().url(plain).prefix(prefix).sessionDir(session).build())) {
            d.map("m", Codec.STRING, Codec.STRING).put("k", "v");
        }
        String routed = plain + "?readFrom=replicaPreferred&readYourWrites=5s&replicaUrl="
                + URLEncoder.encode(set.standby().url("replica"), StandardCharsets.UTF_8);
        try (Depot d = Depot.open(DepotConfig.builder().url(routed).prefix(prefix).sessionDir(session).build())) {
            assertThat(d.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
        try (Depot d = Depot.open(DepotConfig.builder().url(plain).prefix(prefix).sessionDir(session).build())) {
            assertThat(d.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
    }

    @Test
    void addingTheStandbyToTheUrlOfASharedPrefixMigratesNothing() {
        String prefix = TestPrefixes.fresh("rr");
        Path session = tmp.resolve("hosts");
        try (Depot d = Depot.open(DepotConfig.builder().url(set.primary().url("replica")).prefix(prefix).sharedAccess(true)
                .sessionDir(session).build())) {
            d.map("m", Codec.STRING, Codec.STRING).put("k", "v");
        }
        // the URL operators switch to for failover: another identity in the session state, the same database
        try (Depot d = Depot.open(DepotConfig.builder().url(set.multiHostUrl("replica")).prefix(prefix).sharedAccess(true)
                .sessionDir(session).build())) {
            assertThat(d.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
    }

    @Test
    void readFromNeedsAReplicaAndAKnownValue() {
        String prefix = TestPrefixes.fresh("rr");
        String single = set.primary().url("replica");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(single + "?readFrom=replicaPreferred").prefix(prefix)
                .sessionDir(tmp).build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicaUrl");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(single + "?readFrom=nearest").prefix(prefix)
                .sessionDir(tmp).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readFrom is 'primary' or 'replicaPreferred', not 'nearest'");
        String encoded = URLEncoder.encode("mysql://x/y", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(single + "?readFrom=replicaPreferred&replicaUrl="
                + encoded).prefix(prefix).sessionDir(tmp).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicaUrl must be a postgres:// URL");
    }

    /**
     * A writer Depot on the primary and a reader Depot (made by {@code readerOf} for the prefix),
     * both on map {@code m} of a fresh prefix, once the standby has its table (else a replica read
     * would fail and fall back to the primary).
     */
    private final class Pair implements AutoCloseable {
        final Depot w;
        final Depot r;
        final DbMap<String, String> wm;
        final DbMap<String, String> rm;

        Pair(java.util.function.Function<String, Depot> readerOf) {
            String prefix = TestPrefixes.fresh("rr");
            w = writer(prefix);
            r = readerOf.apply(prefix);
            wm = w.map("m", Codec.STRING, Codec.STRING);
            rm = r.map("m", Codec.STRING, Codec.STRING);
            awaitOnStandby(prefix + "_m");
        }

        @Override
        public void close() {
            try (w) {
                r.close();
            }
        }
    }

    /** Waits until the standby has applied the creation of {@code table}, so a replica read finds it. */
    private static void awaitOnStandby(String table) {
        awaitMillis(() -> !set.standby().psql("replica", "SELECT to_regclass('" + table + "')").isBlank(), System.nanoTime());
    }

    /** Waits (up to 20 s) until {@code condition} holds; returns the ms since {@code from}. */
    private static long awaitMillis(Supplier<Boolean> condition, long from) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            Pause.millis(20);
        }
        return (System.nanoTime() - from) / 1_000_000;
    }
}
