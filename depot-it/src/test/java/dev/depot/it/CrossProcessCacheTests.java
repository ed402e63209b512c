package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.ChangeFeedState;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.TestPrefixes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's cross-process test, one small subclass per store: two child JVMs
 * ({@link CoherentCacheChild}) share the store with sharedAccess and the cache at its defaults
 * (5 minutes). A merge counter is updated by both, one step at a time, the writer picked at
 * random; after each step both read it through their caches. The other process is read until
 * it sees the write, and the time from the writer's merge returning to the start of that read
 * (both taken in the children, on the machine's monotonic clock, so the pipes' latency is not
 * counted) is its stale window; the writer must then read its own write at once. Asserted: p99 of the windows at
 * most the store's target (50 ms PostgreSQL and Redis, 250 ms MariaDB and SQLite), as the issue
 * measures it, and no read stale for more than 5 s, so a lost invalidation (which the 5-minute
 * TTL would otherwise hide for minutes) fails the test, while a scheduling stall of the shared
 * test machine does not (the maximum is printed). On a failure the children's output is shown.
 * Each process's listener must have seen every merge of the other. Prints the numbers.
 */
abstract class CrossProcessCacheTests {
    private static final int STEPS = 200;
    private static final Duration NEVER_STALE_BEYOND = Duration.ofSeconds(5);
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final StoreKind store;

    CrossProcessCacheTests(StoreKind store) {
        this.store = store;
    }

    /** A URL of the store under test where a fresh prefix holds nothing. */
    String url(Path tmp) {
        return store.url(tmp, "xcache");
    }

    /** The stale-window target on this store: 50 ms where the store pushes changes, 250 ms where they are polled. */
    Duration staleTarget() {
        return store == StoreKind.SQLITE || store == StoreKind.MARIADB ? Duration.ofMillis(250) : Duration.ofMillis(50);
    }

    /** The numbers of the child's answer to {@code command} ({@code null} read as 0). */
    static long[] answers(ChildJvm child, String command, String reply) throws InterruptedException {
        child.send(command);
        String line = child.awaitLine(reply + " ", ANSWER);
        return java.util.Arrays.stream(line.substring(reply.length() + 1).trim().split(" "))
                .mapToLong(v -> v.equals("null") ? 0 : Long.parseLong(v)).toArray();
    }

    private static long answer(ChildJvm child, String command, String reply) throws InterruptedException {
        return answers(child, command, reply)[0];
    }

    /** The two children, started on a fresh prefix, their feeds connected. */
    private ChildJvm[] start() throws InterruptedException {
        String url = url(tmp);
        String prefix = TestPrefixes.fresh("xcache");
        // Opened once here first, so the children do not race to create the database or the tables.
        Depot.open(DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true).sessionDir(tmp.resolve("session-0"))
                .build()).close();
        ChildJvm a = ChildJvm.start(CoherentCacheChild.class, url, prefix, tmp.resolve("session-a").toString());
        ChildJvm b = ChildJvm.start(CoherentCacheChild.class, url, prefix, tmp.resolve("session-b").toString());
        for (ChildJvm c : List.of(a, b)) {
            assertThat(c.awaitLine("READY", Duration.ofSeconds(60)))
                    .as("the store's change feed is connected in each process").isEqualTo("READY " + ChangeFeedState.CONNECTED);
        }
        return new ChildJvm[] {a, b};
    }

    /** Runs {@code check} on the children, adding what they logged to a failure, then stops them. */
    interface Check {
        void run(ChildJvm[] both) throws Exception;
    }

    void withChildren(Check check) throws Exception {
        ChildJvm[] both = start();
        try (ChildJvm a = both[0]; ChildJvm b = both[1]) {
            try {
                check.run(both);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- process 0 logged:\n" + logs(a) + "\n--- process 1 logged:\n" + logs(b), e);
            }
            a.send("QUIT");
            b.send("QUIT");
            assertThat(a.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(b.waitFor(Duration.ofSeconds(30))).isZero();
        }
    }

    /** What a child logged, without its answers to commands. */
    private static String logs(ChildJvm child) {
        return child.output().lines().filter(l -> !l.startsWith("READ ") && !l.startsWith("MERGED ") && !l.startsWith("EVENTS ")
                && !l.startsWith("STATE ")).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Merges made by each child, and the stale windows measured so far (nanoseconds). */
    static final class Run {
        final ChildJvm[] both;
        final int[] merges = new int[2];
        final List<Long> windows = new ArrayList<>();
        final Random random = new Random();
        int step;

        Run(ChildJvm[] both) {
            this.both = both;
        }

        /**
         * One merge by a random child, then reads by the other until it sees it (failing once
         * it was stale {@code staleLimit}), then a read by the writer, which must see it at once.
         */
        void step(Duration staleLimit) throws InterruptedException {
            step++;
            int w = random.nextInt(2);
            ChildJvm writer = both[w];
            ChildJvm reader = both[1 - w];
            long[] merged = answers(writer, "MERGE", "MERGED");
            assertThat(merged[0]).as("merge %d returns the counter", step).isEqualTo(step);
            merges[w]++;
            while (true) {
                long[] read = answers(reader, "READ", "READ");
                long window = read[1] - merged[1];
                assertThat(read[0]).as("a read never goes back").isLessThanOrEqualTo(step);
                if (read[0] == step) {
                    windows.add(window);
                    break;
                }
                assertThat(Duration.ofNanos(window)).as("step %d: the other process still reads %d", step, read[0])
                        .isLessThan(staleLimit);
            }
            assertThat(answer(writer, "READ", "READ")).as("the writer reads its own write at once").isEqualTo(step);
        }

        /** p50, p99 and max of the windows, printed; returns p99. */
        Duration report(String what, Duration target) {
            List<Long> sorted = new ArrayList<>(windows);
            Collections.sort(sorted);
            Duration p50 = Duration.ofNanos(sorted.get(sorted.size() / 2));
            Duration p99 = Duration.ofNanos(sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1));
            Duration max = Duration.ofNanos(sorted.get(sorted.size() - 1));
            System.out.printf("%s: stale window over %d steps: p50 %.1f ms, p99 %.1f ms, max %.1f ms (target %d ms)%n",
                    what, sorted.size(), p50.toNanos() / 1e6, p99.toNanos() / 1e6, max.toNanos() / 1e6, target.toMillis());
            return p99;
        }

        /** Every change of the other process reached each listener (at least once); returns each child's gap count. */
        long[] listenersHeardEverything() throws InterruptedException {
            long[] gaps = new long[2];
            for (int i = 0; i < 2; i++) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                long[] events;
                while ((events = answers(both[i], "EVENTS", "EVENTS"))[0] < merges[1 - i] && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(events[0]).as("process %d heard every merge of the other", i).isGreaterThanOrEqualTo(merges[1 - i]);
                gaps[i] = events[1];
            }
            return gaps;
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aMergeCounterReadThroughBothCachesIsNeverOlderThanTheTarget() throws Exception {
        withChildren(both -> {
            Run run = new Run(both);
            for (int i = 0; i < STEPS; i++) {
                run.step(NEVER_STALE_BEYOND);
            }
            Duration p99 = run.report(getClass().getSimpleName(), staleTarget());
            assertThat(p99).as("p99 of the stale window").isLessThanOrEqualTo(staleTarget());
            assertThat(run.listenersHeardEverything()).as("no gap").containsExactly(0, 0);
        });
    }

    static String state(ChildJvm c) throws InterruptedException {
        c.send("STATE");
        return c.awaitLine("STATE ", ANSWER).substring("STATE ".length()).trim();
    }
}
