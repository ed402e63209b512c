package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.DbMap;
import dev.depot.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A writer thread for failover tests: through one Depot's maps it puts keys written once each
 * ({@code k<seq>} = {@code v<seq>}) and merges 1 into {@value #COUNTERS} shared counters, and
 * remembers when each call started and ended and whether it was acknowledged (returned) or
 * unknown ({@link StoreUnavailableException}: applied or not). {@link #check} then tells what the
 * store lost, and when, relative to the fault, the lost writes had been acknowledged.
 *
 * <p>The writer never retries a call: a retried merge could be applied twice, and the check
 * would not see a lost write. Other exceptions are kept as findings. Thread-safe for one test
 * thread watching the writer's own thread.
 */
final class FailoverWriter implements AutoCloseable {
    static final int COUNTERS = 8;

    /** One call: a merge into {@code key}, or a put of {@code v<seq>} under {@code key}. */
    record Op(long seq, boolean merge, String key, long startNanos, long endNanos, boolean acked, String error) {}

    /** What the store holds against what the writer was told. */
    record Check(long acked, long unknown, List<Op> lostPuts, List<String> counterViolations, long lostMerges,
                 long longestAckGapMs, long lostFromMs, long lostToMs) {
        boolean lostNothing() {
            return lostPuts.isEmpty() && counterViolations.isEmpty();
        }

        /** Fails unless every acknowledged write is there and no merge was applied twice. */
        void assertLostNothing() {
            assertThat(lostNothing()).as(summary() + " " + lostPuts + counterViolations).isTrue();
        }

        /**
         * Fails if a merge was applied twice, or a lost put had been acknowledged earlier than
         * {@code fromMs} after the fault (negative: before it).
         */
        void assertLostOnlyAckedFrom(long fromMs) {
            assertThat(counterViolations).as("no merge applied twice").noneMatch(v -> v.contains("applied twice"));
            assertThat(lostFromMs).as("when the lost puts were acknowledged, relative to the fault; lost: " + lostPuts)
                    .isGreaterThanOrEqualTo(fromMs);
        }

        String summary() {
            return "acknowledged " + acked + ", unknown " + unknown + ", lost puts " + lostPuts.size() + ", lost merges "
                    + lostMerges + ", longest gap between acknowledgements " + longestAckGapMs + " ms"
                    + (lostPuts.isEmpty() ? "" : ", the lost puts were acknowledged from " + lostFromMs + " to " + lostToMs
                    + " ms after the fault");
        }
    }

    private final DbMap<String, String> owned;
    private final DbMap<String, Long> counters;
    private final List<Op> ops = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    FailoverWriter(DbMap<String, String> owned, DbMap<String, Long> counters) {
        this.owned = owned;
        this.counters = counters;
        this.thread = new Thread(this::run, "failover-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long seq = 1; !stop; seq++) {
            boolean merge = random.nextInt(10) < 4;
            String key = merge ? "c" + random.nextInt(COUNTERS) : "k" + seq;
            long start = System.nanoTime();
            boolean acked = false;
            String error = null;
            try {
                if (merge) {
                    counters.merge(key, 1L, Long::sum);
                } else {
                    owned.put(key, "v" + seq);
                }
                acked = true;
            } catch (StoreUnavailableException e) {
                error = e.getMessage();
                pause(20); // what a caller's backoff would do
            } catch (RuntimeException e) {
                error = e.toString();
                synchronized (this) {
                    findings.add("op " + seq + ": " + e);
                }
                pause(20);
            }
            synchronized (this) {
                ops.add(new Op(seq, merge, key, start, System.nanoTime(), acked, error));
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Acknowledged calls that started after {@code nanos} (a {@link System#nanoTime()}). */
    synchronized long acksStartedAfter(long nanos) {
        return ops.stream().filter(o -> o.acked() && o.startNanos() > nanos).count();
    }

    /** The end of the first acknowledged call started after {@code nanos}, or -1. */
    synchronized long firstAckStartedAfter(long nanos) {
        return ops.stream().filter(o -> o.acked() && o.startNanos() > nanos).mapToLong(Op::endNanos).min().orElse(-1);
    }

    /** Waits until {@code n} calls started after now are acknowledged: the writer goes on; fails after {@code timeout}. */
    void awaitProgress(int n, Duration timeout) {
        long from = System.nanoTime();
        long deadline = from + timeout.toNanos();
        while (acksStartedAfter(from) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer acknowledged fewer than " + n + " calls within " + timeout
                        + "; last calls: " + lastOps(5) + "; findings: " + findings());
            }
            pause(20);
        }
    }

    private synchronized List<Op> lastOps(int n) {
        return List.copyOf(ops.subList(Math.max(0, ops.size() - n), ops.size()));
    }

    /**
     * The calls that failed or took over a second, ending after {@code fromNanos}, up to the
     * first call acknowledged after {@code untilNanos}: what the writer met during a fault, with
     * times in ms after {@code fromNanos}; at most {@code n}.
     */
    synchronized List<String> troubleBetween(long fromNanos, long untilNanos, int n) {
        List<String> out = new ArrayList<>();
        for (Op o : ops) {
            if (o.endNanos() < fromNanos) {
                continue;
            }
            if (o.acked() && o.startNanos() > untilNanos) {
                break;
            }
            boolean slow = o.endNanos() - o.startNanos() > 1_000_000_000L;
            if ((!o.acked() || slow) && out.size() < n) {
                out.add("+" + (o.startNanos() - fromNanos) / 1_000_000 + ".." + (o.endNanos() - fromNanos) / 1_000_000
                        + " ms: " + (o.acked() ? "acknowledged" : o.error()) + (o.merge() ? " (merge)" : " (put)"));
            }
        }
        return out;
    }

    /** Exceptions other than {@link StoreUnavailableException}. */
    synchronized List<String> findings() {
        return List.copyOf(findings);
    }

    /** Stops the writer and waits for its last call. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(60_000);
        if (thread.isAlive()) {
            throw new AssertionError("the writer did not stop within 60 s");
        }
    }

    /**
     * Compares the whole stored maps with what the writer was told; {@code faultNanos} is when the
     * fault was caused, for the loss window (how long before it the lost writes were acknowledged).
     */
    synchronized Check check(Map<String, String> storedOwned, Map<String, Long> storedCounters, long faultNanos) {
        long acked = 0;
        long lastAck = -1;
        long longestGap = 0;
        long lostFrom = Long.MAX_VALUE;
        long lostTo = Long.MIN_VALUE;
        long[] ackedMerges = new long[COUNTERS];
        long[] unknownMerges = new long[COUNTERS];
        List<Op> lost = new ArrayList<>();
        for (Op o : ops) {
            if (o.acked()) {
                acked++;
                longestGap = lastAck < 0 ? 0 : Math.max(longestGap, o.endNanos() - lastAck);
                lastAck = o.endNanos();
            }
            if (o.merge()) {
                int i = Integer.parseInt(o.key().substring(1));
                (o.acked() ? ackedMerges : unknownMerges)[i]++;
            } else if (o.acked() && !("v" + o.seq()).equals(storedOwned.get(o.key()))) {
                lost.add(o);
                lostFrom = Math.min(lostFrom, (o.endNanos() - faultNanos) / 1_000_000);
                lostTo = Math.max(lostTo, (o.endNanos() - faultNanos) / 1_000_000);
            }
        }
        List<String> violations = new ArrayList<>();
        long lostMerges = 0;
        for (int i = 0; i < COUNTERS; i++) {
            long stored = storedCounters.getOrDefault("c" + i, 0L);
            if (stored < ackedMerges[i]) {
                lostMerges += ackedMerges[i] - stored;
                violations.add("c" + i + " is " + stored + " but " + ackedMerges[i] + " merges were acknowledged");
            } else if (stored > ackedMerges[i] + unknownMerges[i]) {
                violations.add("c" + i + " is " + stored + ": more than " + ackedMerges[i] + " acknowledged + " + unknownMerges[i]
                        + " unknown merges (a merge applied twice)");
            }
        }
        for (String k : storedOwned.keySet()) {
            if (!k.startsWith("k")) {
                violations.add("key " + k + " was never written");
            }
        }
        return new Check(acked, ops.size() - acked, lost, violations, lostMerges, longestGap / 1_000_000,
                lost.isEmpty() ? 0 : lostFrom, lost.isEmpty() ? 0 : lostTo);
    }
}
