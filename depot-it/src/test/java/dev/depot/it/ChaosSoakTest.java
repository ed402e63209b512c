package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PgBouncerServers.PgBouncer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import dev.depot.testkit.servers.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos soak per store: two writer processes ({@link SoakWriter}) merge into shared counters
 * and put and remove keys of their own on shared maps, journalling every call, while this test
 * injects a fault every second or two: SIGKILL and restart of the server, SIGSTOP of it for one
 * to three seconds, and on PostgreSQL a fast shutdown and start; on SQLite, which has no
 * server, SIGKILL (and restart) and SIGSTOP of a writer. After each fault every writer must get
 * an operation acknowledged again within a minute, or the test fails naming the fault (a hang,
 * or a store that does not come back). Faults go on for {@code depot.soak.seconds} (60 by
 * default) and until there were at least ten, for at most twice that time. At the end the
 * writers stop and exit cleanly, and the store is checked against the journals
 * ({@link JournalCheck}): no acknowledged write lost, every counter within its bounds, and no
 * exception other than {@code StoreUnavailableException} met by a writer.
 *
 * <p>Each store runs on a server of its own, so other tests' shared servers are never faulted.
 * Redis keeps an append-only file with {@code appendfsync always}: a Redis that keeps nothing on
 * disk loses everything when killed, by design. The throwaway PostgreSQL and MariaDB run without
 * fsync on commit, which a killed process does not notice (the operating system keeps what was
 * written); the soak kills processes, not machines.
 */
@IntegrationTest
class ChaosSoakTest {
    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("depot.soak.seconds", 60));
    private static final int MIN_FAULTS = 10;
    private static final Duration PROGRESS = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** One fault; returns what it did, for the log. */
    private interface Fault {
        String inject(Random random) throws Exception;
    }

    @Test
    void sqlite() throws Exception {
        String url = "sqlite:" + tmp.resolve("soak.db");
        try (SoakRun run = new SoakRun(tmp, url, null, TestPrefixes.fresh("soak"))) {
            soak("sqlite", run, List.of(
                    r -> run.killAndRestart("a"),
                    r -> run.pause("b", pauseLength(r)),
                    r -> run.killAndRestart("b"),
                    r -> run.pause("a", pauseLength(r))));
        }
    }

    @Test
    void postgres() throws Exception {
        try (PostgresServer pg = PostgresServers.builder().start();
             SoakRun run = new SoakRun(tmp, pg.url("soak"), null, TestPrefixes.fresh("soak"))) {
            soak("postgres", run, List.of(
                    r -> killAndRestart(pg.process(), r),
                    r -> pause(pg.process(), r),
                    r -> {
                        pg.stop();
                        Thread.sleep(downTime(r));
                        pg.start();
                        return "fast shutdown and start of " + pg;
                    }));
        }
    }

    @Test
    void pgbouncer() throws Exception {
        try (PostgresServer pg = PostgresServers.builder().start();
             PgBouncer bouncer = PgBouncerServers.start(pg, 3);
             SoakRun run = new SoakRun(tmp, bouncer.url("soak"), pg.url("soak"), TestPrefixes.fresh("soak"))) {
            soak("pgbouncer", run, List.of(
                    r -> killAndRestart(pg.process(), r),
                    r -> pause(bouncer.process(), r),
                    r -> killAndRestart(bouncer.process(), r),
                    r -> pause(pg.process(), r)));
        }
    }

    @Test
    void mariadb() throws Exception {
        try (MariaDbServer db = MariaDbServers.builder().start();
             SoakRun run = new SoakRun(tmp, db.url("soak"), null, TestPrefixes.fresh("soak"))) {
            soak("mariadb", run, List.of(r -> killAndRestart(db.process(), r), r -> pause(db.process(), r)));
        }
    }

    @Test
    void redis() throws Exception {
        // persistent(): appendonly yes, appendfsync always, so an acknowledged write survives kill -9.
        try (RedisServer redis = RedisServers.builder().persistent().start();
             SoakRun run = new SoakRun(tmp, redis.url(), null, TestPrefixes.fresh("soak"))) {
            assertThat(redis.cli("CONFIG", "GET", "appendfsync")).contains("always");
            soak("redis", run, List.of(r -> killAndRestart(redis.process(), r), r -> pause(redis.process(), r)));
        }
    }

    private static void soak(String store, SoakRun run, List<Fault> faults) {
        assertTimeoutPreemptively(SOAK.multipliedBy(2).plus(Duration.ofMinutes(6)), () -> {
            long t0 = System.nanoTime();
            Random random = new Random();
            run.start("a");
            run.start("b");
            run.awaitProgress(PROGRESS, "the start");
            System.out.printf("%s: writers running after %d ms%n", store, (System.nanoTime() - t0) / 1_000_000);
            long start = System.nanoTime();
            long end = start + SOAK.toNanos();
            long cap = start + 2 * SOAK.toNanos(); // a slow machine gets more time for MIN_FAULTS, not forever
            int injected = 0;
            while (System.nanoTime() < end || (injected < MIN_FAULTS && System.nanoTime() < cap)) {
                Thread.sleep(500 + random.nextInt(1000));
                Fault fault = faults.get(injected % faults.size());
                long began = System.nanoTime();
                String what = fault.inject(random);
                injected++;
                System.out.printf("%s: fault %d: %s (%d ms)%n", store, injected, what, (System.nanoTime() - began) / 1_000_000);
                run.awaitProgress(PROGRESS, "fault " + injected + " (" + what + ")");
            }
            run.stopWriters();
            System.out.printf("%s: writers stopped after %d ms%n", store, (System.nanoTime() - t0) / 1_000_000);
            SoakRun.SoakResult result = run.check();
            JournalCheck j = result.journals();
            System.out.printf("%s: %d ops, %d faults, %d lost (%d acknowledged, %d unknown; %d owned keys stored)%n", store,
                    j.operations(), injected, result.violations().size(), j.acknowledged(), j.unknown(), result.ownedKeysStored());
            result.violations().stream().limit(50).forEach(v -> System.out.println(store + ": LOST " + v));
            assertThat(injected).as("faults injected into %s", store).isGreaterThanOrEqualTo(MIN_FAULTS);
            assertThat(result.violations()).as("acknowledged writes lost on %s", store).isEmpty();
            assertThat(j.unexpected()).as("exceptions other than StoreUnavailableException on %s", store).isEmpty();
            assertThat(result.ownedKeysStored()).as("keys stored on %s", store).isPositive();
        });
    }

    /** SIGKILL to the server and every process it started; down for a moment; started again. */
    private static String killAndRestart(ServerProcess server, Random random) throws InterruptedException {
        ProcessTree tree = ProcessTree.of(server.pid());
        tree.kill();
        server.kill(); // reaps it
        long down = downTime(random);
        Thread.sleep(down);
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                server.restart();
                break;
            } catch (IllegalStateException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(1000); // e.g. a port or a lock file not yet released
            }
        }
        return "SIGKILL " + server.name() + " (" + tree.size() + " processes), down " + down + " ms, ready again after "
                + (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    /** SIGSTOP to the server and every process it started, for one to three seconds, then SIGCONT. */
    private static String pause(ServerProcess server, Random random) throws InterruptedException {
        Duration pause = pauseLength(random);
        ProcessTree tree = ProcessTree.of(server.pid());
        tree.pause();
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            tree.resume();
        }
        return "SIGSTOP " + server.name() + " (" + tree.size() + " processes) for " + pause.toMillis() + " ms";
    }

    private static Duration pauseLength(Random random) {
        return Duration.ofMillis(1000 + random.nextInt(2000));
    }

    private static long downTime(Random random) {
        return 100 + random.nextInt(900);
    }
}
