package dev.depot.cli;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.MapOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code depot bench}: a short check of what a store does from here, with plain timed loops
 * (the full comparison with peers is {@code bin/bench}). Works in a map of its own, emptied at
 * the end; the read cache is off, so every read reaches the store.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the store quickly: putAll, get, set and iteration on long keys and 100-byte values, "
                + "a few seconds each, and prints operations per second.",
                "Writes into map MAP (default: cli_bench), which it empties at the end. The read cache is off, "
                        + "so every get reaches the store. For Depot against other libraries run bin/bench."})
final class BenchCommand extends StoreCommand {
    @Override
    boolean createsStore() {
        return true;
    }

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "3", description = "Seconds per workload (default: 3).")
    int seconds;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "Threads for get and set (default: 4).")
    int threads;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "10000", description = "Keys written and read (default: 10000).")
    int keys;

    @Option(names = "--map", paramLabel = "MAP", defaultValue = "cli_bench", description = "The map to work in (default: cli_bench).")
    String map;

    @Override
    int call(Depot depot) {
        DepotCommand.checkMapName(map);
        if (seconds < 1 || threads < 1 || keys < 1) {
            throw new IllegalArgumentException("--seconds, --threads and --keys must be positive");
        }
        if (depot.mapInfo(map).isPresent() && depot.map(map, Codec.LONG, Codec.BYTES).sizeLong() > 0) {
            throw new CommandFailure("map '" + map + "' exists and is not empty in " + depot.storeDescription()
                    + "; depot bench empties its map when done, so name a new one with --map");
        }
        DbMap<Long, byte[]> m = depot.map(map, Codec.LONG, Codec.BYTES, MapOptions.defaults().withCacheTtl(Duration.ZERO));
        byte[] value = new byte[100];
        ThreadLocalRandom.current().nextBytes(value);
        out().printf(Locale.ROOT, "%s: %,d keys, 100-byte values, %d s per workload%n", depot.storeDescription(), keys, seconds);
        try {
            Map<Long, byte[]> all = HashMap.newHashMap(keys);
            for (long k = 0; k < keys; k++) {
                all.put(k, value);
            }
            long t0 = System.nanoTime();
            m.putAll(all);
            report("putAll", keys, System.nanoTime() - t0, 1);
            timed("get", threads, () -> m.get((long) ThreadLocalRandom.current().nextInt(keys)));
            timed("set", threads, () -> m.set((long) ThreadLocalRandom.current().nextInt(keys), value));
            timed("iterate", 1, () -> m.forEach((k, v) -> { }), keys);
        } finally {
            m.clear();
        }
        return 0;
    }

    private void timed(String name, int threadCount, Runnable op) {
        timed(name, threadCount, op, 1);
    }

    /** Runs {@code op} on {@code threadCount} threads for the set time; each run counts {@code entriesPerOp}. */
    private void timed(String name, int threadCount, Runnable op, long entriesPerOp) {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        LongAdder done = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threadCount; i++) {
            workers.add(Thread.ofPlatform().name("depot-bench-" + i).start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        op.run();
                        done.increment();
                    }
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure("interrupted");
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        report(name, done.sum() * entriesPerOp, System.nanoTime() - t0, threadCount);
    }

    private void report(String name, long count, long nanos, int threadCount) {
        double perSecond = count / (nanos / 1e9);
        out().printf(Locale.ROOT, "  %-8s %,14.0f %s/s  (%d thread%s)%n", name, perSecond,
                name.equals("get") || name.equals("set") ? "ops" : "entries", threadCount, threadCount == 1 ? "" : "s");
    }
}
