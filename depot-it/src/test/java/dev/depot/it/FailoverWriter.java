package dev.depot.it;

import dev.depot.DbMap;
import dev.depot.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writer threads for the failover tests: each call puts a value under a key of its own
 * ({@code k<seq>}, never written again) and merges into a few shared counters, keeping an in-memory journal of
 * every call with its outcome and when it was acknowledged. What it checks afterwards: every
 * acknowledged put is stored, and each counter lies between its acknowledged merges and those
 * plus the ones whose outcome is unknown (a call that failed may or may not have been applied).
 */
final class FailoverWriter implements AutoCloseable {
    static final int COUNTERS = 4;

    /** One call: {@code put} (else merge), its key, when it was acknowledged ({@code 0}: it failed, outcome unknown). */
    record Call(boolean put, String key, long ackedAtNanos) {}

    private final DbMap<String, String> values;
    private final DbMap<String, Long> counters;
    private final ConcurrentLinkedQueue<Call> journal = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> otherErrors = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    /** Starts {@code threads} writers on the two maps (several, so that commits are in flight when the primary dies). */
    FailoverWriter(DbMap<String, String> values, DbMap<String, Long> counters, int threads) {
        this.values = values;
        this.counters = counters;
        for (int i = 0; i < threads; i++) {
            this.threads.add(Thread.ofPlatform().name("failover-writer-" + i).start(this::run));
        }
    }

    private void run() {
        while (!stop) {
            long seq = sequence.incrementAndGet();
            boolean put = seq % 2 == 0;
            String key = put ? "k" + seq : "c" + (seq % COUNTERS);
            try {
                if (put) {
                    values.put(key, "v" + seq);
                } else {
                    counters.merge(key, 1L, Long::sum);
                }
                journal.add(new Call(put, key, System.nanoTime()));
            } catch (StoreUnavailableException e) {
                journal.add(new Call(put, key, 0));
                sleep(20); // a caller would back off before trying again
            } catch (RuntimeException e) {
                journal.add(new Call(put, key, 0));
                otherErrors.add(e.toString());
                sleep(20);
            }
        }
    }

    /** Acknowledged calls so far. */
    long acknowledged() {
        return journal.stream().filter(c -> c.ackedAtNanos() != 0).count();
    }

    /** The first acknowledgement after {@code nanos} ({@link System#nanoTime()}), waiting up to {@code maxMillis}; -1 if none. */
    long firstAckAfter(long nanos, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            long first = journal.stream().mapToLong(Call::ackedAtNanos).filter(t -> t > nanos).min().orElse(-1);
            if (first > 0) {
                return first;
            }
            sleep(5);
        }
        return -1;
    }

    /** Errors other than {@link StoreUnavailableException} (a finding: failover must look like unavailability). */
    List<String> otherErrors() {
        return List.copyOf(otherErrors);
    }

    /** Calls that failed (outcome unknown). */
    long unknown() {
        return journal.stream().filter(c -> c.ackedAtNanos() == 0).count();
    }

    /** Acknowledged puts whose key is not stored now, in the order they were acknowledged. */
    List<Call> lostPuts(Map<String, String> stored) {
        List<Call> lost = new ArrayList<>();
        for (Call c : journal) {
            if (c.put() && c.ackedAtNanos() != 0 && !stored.containsKey(c.key())) {
                lost.add(c);
            }
        }
        return lost;
    }

    /** Counters outside [acknowledged, acknowledged + unknown] merges: "key: stored, expected a..b". */
    List<String> wrongCounters(Map<String, Long> stored) {
        Map<String, long[]> bounds = new TreeMap<>();
        for (Call c : journal) {
            if (!c.put()) {
                long[] b = bounds.computeIfAbsent(c.key(), k -> new long[2]);
                b[c.ackedAtNanos() != 0 ? 0 : 1]++;
            }
        }
        List<String> wrong = new ArrayList<>();
        bounds.forEach((key, b) -> {
            long have = stored.getOrDefault(key, 0L);
            if (have < b[0] || have > b[0] + b[1]) {
                wrong.add(key + ": stored " + have + ", expected " + b[0] + ".." + (b[0] + b[1]));
            }
        });
        return wrong;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(60_000);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within 60 s");
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
