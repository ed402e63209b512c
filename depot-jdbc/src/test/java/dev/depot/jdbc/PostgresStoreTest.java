package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.FreePorts;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the PostgreSQL store adds to the contract: connection budget, DDL, column types, faults, URLs. */
@PostgresTest
class PostgresStoreTest {
    /** A record whose JSON holds U+0000, which {@code jsonb} could not store. */
    record Note(String text, long n) {}

    private static PostgresServer pg() {
        return PostgresServers.shared();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fiftyMapsWorkOnAServerAllowingTwentyConnections() throws Exception {
        try (PostgresServer small = PostgresServers.builder().maxConnections(20).start();
             Depot depot = Depot.open(DepotConfig.builder().url(small.url("budget")).prefix(TestPrefixes.fresh("pb")).build())) {
            List<DbMap<Long, String>> maps = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                maps.add(depot.map("m" + i, Codec.LONG, Codec.STRING));
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            AtomicBoolean sampling = new AtomicBoolean(true);
            List<Integer> seen = new ArrayList<>();
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    seen.add(Integer.parseInt(small.psql("postgres",
                            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'depot'").trim()));
                }
            });
            sampler.start();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int offset = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 300; i++) {
                            DbMap<Long, String> m = maps.get((i + offset) % 50);
                            m.merge((long) (i % 7), "x", String::concat);
                            m.get((long) offset);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
                sampling.set(false);
                sampler.join();
            }
            long total = 0;
            for (DbMap<Long, String> m : maps) {
                for (String v : m.values()) {
                    total += v.length();
                }
            }
            assertThat(total).isEqualTo(16L * 300);
            assertThat(seen).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(10));
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fiftyExistingMapsOpenWithoutAnyDdl() {
        String db = "noddl_" + TestPrefixes.fresh("d").toLowerCase();
        pg().psql("postgres", "CREATE DATABASE " + db);
        pg().psql(db, "CREATE ROLE " + db + "_app LOGIN; CREATE SCHEMA app; GRANT USAGE, CREATE ON SCHEMA app TO " + db + "_app");
        String url = "postgres://" + db + "_app@127.0.0.1:" + pg().port() + "/" + db + "?currentSchema=app";
        String prefix = TestPrefixes.fresh("pd");
        try (Depot depot = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
            for (int i = 0; i < 50; i++) {
                depot.map("m" + i, Codec.LONG, Codec.STRING).put(1L, "v" + i);
            }
        }
        // Without CREATE on the schema, any CREATE TABLE (even IF NOT EXISTS) fails: the second
        // open proves the table cache issues none for maps that exist.
        pg().psql(db, "REVOKE CREATE ON SCHEMA app FROM " + db + "_app");
        try (Depot depot = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
            for (int i = 0; i < 50; i++) {
                DbMap<Long, String> m = depot.map("m" + i, Codec.LONG, Codec.STRING);
                assertThat(m.get(1L)).isEqualTo("v" + i);
                m.put(2L, "w");
            }
            assertThatThrownBy(() -> depot.map("brand_new", Codec.LONG, Codec.STRING))
                    .isInstanceOf(DepotException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void jsonValuesAreJsonColumnsAndKeepTheirBytes() {
        String prefix = TestPrefixes.fresh("pj");
        Note withNul = new Note("nul\u0000inside \"quoted\" 😀", 1);
        try (Depot depot = Depot.open(DepotConfig.builder().url(pg().url("columns")).prefix(prefix).build())) {
            DbMap<String, Note> notes = depot.map("notes", Codec.STRING, Codec.json(Note.class));
            notes.put("a\u0000b", withNul);
            assertThat(notes.get("a\u0000b")).isEqualTo(withNul);
            assertThat(notes.replace("a\u0000b", withNul, new Note("next", 2))).isTrue();
            assertThat(notes.replace("a\u0000b", withNul, new Note("again", 3))).isFalse();
            assertThat(notes.replace("a\u0000b", new Note("next", 2), new Note("next", 2))).isTrue();
            assertThat(notes.remove("a\u0000b", new Note("next", 2))).isTrue();
            notes.put("k", new Note("x", 5));
        }
        String types = pg().psql("columns", "SELECT column_name || ':' || data_type FROM information_schema.columns"
                + " WHERE table_name = '" + prefix + "_notes' ORDER BY column_name");
        assertThat(types.trim().split("\n")).containsExactly("k:bytea", "v:json");
        assertThat(pg().psql("columns", "SELECT v->>'text' FROM \"" + prefix + "_notes\"").trim()).isEqualTo("x");
    }

    @Test
    void theLongestNameIsTheTableName() {
        String prefix = TestPrefixes.fresh("pl");
        String longest = "n".repeat(63 - prefix.length() - 1);
        try (Depot depot = Depot.open(DepotConfig.builder().url(pg().url("names")).prefix(prefix).build())) {
            depot.map(longest, Codec.LONG, Codec.STRING).put(1L, "a");
        }
        assertThat(pg().psql("names", "SELECT count(*) FROM \"" + prefix + "_" + longest + "\"").trim()).isEqualTo("1");
    }

    @Test
    void urlFormsAndParameters() {
        String prefix = TestPrefixes.fresh("pu");
        int deadPort = FreePorts.find();
        // postgresql:// scheme, a password (ignored by trust authentication), a standby list with
        // a host that does not answer, and targetServerType=primary.
        String url = "postgresql://postgres:s3cret@127.0.0.1:" + deadPort + ",127.0.0.1:" + pg().port()
                + "/urls?targetServerType=primary&sslmode=disable&applicationName=depot&preparedStatements=false";
        try (Depot depot = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
            depot.map("m", Codec.STRING, Codec.STRING).put("k", "v");
            assertThat(depot.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(pg().url("urls") + "?sslmod=require").prefix(prefix).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslmod");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(pg().url("urls") + "?preparedStatements=maybe")
                .prefix(prefix).build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("preparedStatements");
    }

    @Test
    void aMissingUserFailsNamingTheStoreWithoutItsPassword() {
        String url = "postgres://nobody:hunter2@127.0.0.1:" + pg().port() + "/depot";
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(url).prefix(TestPrefixes.fresh("pn")).build()))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining("127.0.0.1:" + pg().port())
                .hasMessageNotContaining("hunter2");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRestartedServerIsUsedAgainAndNoAcknowledgedWriteIsLost() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        try (PostgresServer server = PostgresServers.builder().start()) {
            String url = "postgres://postgres:t0psecret@127.0.0.1:" + server.port() + "/restart";
            DepotConfig config = DepotConfig.builder().url(url).prefix(TestPrefixes.fresh("pr")).connectTimeout(timeout).build();
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            try (Depot depot = Depot.open(config)) {
                DbMap<Long, Long> m = depot.map("acks", Codec.LONG, Codec.LONG);
                AtomicBoolean writing = new AtomicBoolean(true);
                Thread writer = new Thread(() -> {
                    for (long i = 0; writing.get(); i++) {
                        try {
                            m.put(i, i);
                            acknowledged.add(i);
                        } catch (StoreUnavailableException e) {
                            // not acknowledged; the caller would retry
                        }
                    }
                });
                writer.start();
                while (acknowledged.size() < 200) {
                    Thread.sleep(10);
                }
                server.stop();
                long start = System.nanoTime();
                assertThatThrownBy(() -> m.put(-1L, -1L)).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("127.0.0.1:" + server.port()).hasMessageContaining("****")
                        .hasMessageNotContaining("t0psecret");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(3));
                start = System.nanoTime();
                assertThatThrownBy(() -> m.get(-2L)).isInstanceOf(StoreUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(3));
                int before = acknowledged.size();

                server.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (true) {
                    try {
                        m.put(-3L, -3L);
                        break;
                    } catch (StoreUnavailableException e) {
                        assertThat(System.nanoTime()).as("works again after the restart").isLessThan(deadline);
                        Thread.sleep(100);
                    }
                }
                while (acknowledged.size() < before + 100) {
                    Thread.sleep(10);
                }
                writing.set(false);
                writer.join();
            }
            // A new Depot reads the store, not the first one's cache.
            try (Depot depot = Depot.open(config)) {
                DbMap<Long, Long> m = depot.map("acks", Codec.LONG, Codec.LONG);
                Map<Long, Long> stored = new java.util.HashMap<>(m);
                for (long k : acknowledged) {
                    assertThat(stored.get(k)).as("acknowledged key %s", k).isEqualTo(k);
                }
                assertThat(stored.get(-3L)).isEqualTo(-3L);
            }
        }
    }

    @Test
    void inspectingAMissingDatabaseOrPrefixCreatesNothing() {
        new MissingDatabaseChecks(pg()::url,
                db -> pg().psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'"),
                db -> pg().psql("postgres", "CREATE DATABASE " + db),
                db -> pg().psql(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"),
                null).inspectingCreatesNothing("pi");
    }
    /** Web workers started together on a database nobody created yet: each one opens; none fails on the race. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void workersCreatingTheSameMissingDatabaseAtOnceAllOpen() throws Exception {
        String database = "race_" + Long.toHexString(System.nanoTime());
        int workers = 8;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<java.util.concurrent.Future<String>> opened = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                int worker = i;
                opened.add(pool.submit(() -> {
                    together.await();
                    try (Depot depot = Depot.open(DepotConfig.builder().url(pg().url(database)).sharedAccess(true).build())) {
                        depot.map("m", Codec.LONG, Codec.STRING).put((long) worker, "w" + worker);
                        return "opened";
                    }
                }));
            }
            for (var f : opened) {
                assertThat(f.get()).isEqualTo("opened");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(pg().psql(database, "SELECT count(*) FROM depot_m").trim()).isEqualTo(Integer.toString(workers));
    }
}
