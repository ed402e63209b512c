package dev.depot.bench;

import dev.depot.DbMap;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap retained per 1,000,000 entries (100-byte values), measured in a JVM of its own (not JMH):
 * heap used after a few {@code System.gc()} with the structure alive, minus the same before it
 * was built. Prints one {@code RESULT} line.
 *
 * <ul>
 *   <li>{@code chm}: a {@code ConcurrentHashMap<Long, byte[]>} holding the entries;</li>
 *   <li>{@code memory}: Depot's memory store holding them;</li>
 *   <li>a store URL: the entries written to that store first (by another Depot, closed), then a
 *       new Depot with the default cache (bounded at 10,000 entries) reads every entry with
 *       {@code get} on 4 threads; what it retains afterwards is measured with it still open.</li>
 * </ul>
 */
public final class HeapFootprint {
    public static final int ENTRIES = 1_000_000;
    private static final int CHUNK = 50_000;

    private HeapFootprint() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String label = args.length > 1 ? args[1] : mode;
        Object alive;
        long before;
        long started = System.nanoTime();
        switch (mode) {
            case "chm" -> {
                before = usedAfterGc();
                ConcurrentHashMap<Long, byte[]> map = new ConcurrentHashMap<>();
                for (long k = 0; k < ENTRIES; k++) {
                    map.put(k, BenchData.value(k, 0));
                }
                alive = map;
            }
            case "memory" -> {
                before = usedAfterGc();
                DepotTarget t = DepotTarget.open("memory:", "heap", DepotTarget.Mode.UNCACHED);
                load(t);
                alive = t;
            }
            default -> {
                try (DepotTarget writer = DepotTarget.open(mode, "heap", DepotTarget.Mode.UNCACHED)) {
                    writer.map().clear();
                    load(writer);
                }
                before = usedAfterGc();
                DepotTarget reader = DepotTarget.open(mode, "heap", DepotTarget.Mode.CACHED);
                long read = readEverything(reader.map());
                if (read != ENTRIES) {
                    throw new IllegalStateException("read " + read + " entries, expected " + ENTRIES);
                }
                alive = reader;
            }
        }
        long after = usedAfterGc();
        Reference.reachabilityFence(alive);
        double mb = (after - before) / 1e6;
        System.out.printf(java.util.Locale.ROOT, "RESULT heap per 1M\t%s\t%.1f\tNaN\tMB%n", label, mb);
        System.err.printf(java.util.Locale.ROOT, "heap %s: %.1f MB retained (%.1f s)%n", label, mb,
                (System.nanoTime() - started) / 1e9);
        if (alive instanceof AutoCloseable c) {
            c.close();
        }
    }

    private static void load(DepotTarget t) {
        for (int from = 0; from < ENTRIES; from += CHUNK) {
            Map<Long, byte[]> chunk = BenchData.entries(from, CHUNK, 0);
            t.putAll(chunk);
        }
    }

    /** Every key once, by {@code get}, on 4 threads; returns how many were found. */
    private static long readEverything(DbMap<Long, byte[]> map) throws InterruptedException {
        AtomicLong found = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < BenchData.POOL; t++) {
            int first = t;
            threads.add(Thread.ofPlatform().start(() -> {
                long n = 0;
                for (long k = first; k < ENTRIES; k += BenchData.POOL) {
                    if (map.get(k) != null) {
                        n++;
                    }
                }
                found.addAndGet(n);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return found.get();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
