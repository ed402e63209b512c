package dev.depot.it;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.Pause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One process of {@link ConnectionBudgetTest}: opens the store with {@code maxConnections=3}
 * (shared access, no cache, so every read reaches the server) and prints {@code READY}; once the
 * go file appears, three threads run mixed operations for the given seconds: merges into counters
 * every process shares, puts, gets, conditional puts and removes of keys of its own, bulk reads,
 * and paging through a small shared map. Then it checks its own keys against what it acknowledged
 * and prints {@code RESULT merges=N ops=N failures=N mismatches=N}, and up to five
 * {@code FAILURE} lines.
 *
 * <p>Arguments: store URL, prefix, child number, go file, seconds.
 */
public final class BudgetChild {
    static final String COUNTERS = "counters";
    static final String ITEMS = "items";
    static final String SETTINGS = "settings";
    static final int COUNTER_KEYS = 10;
    private static final int THREADS = 3;
    private static final int KEYS_PER_THREAD = 50;

    private BudgetChild() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String prefix = args[1];
        int child = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[4]));
        DepotConfig config = DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true).maxConnections(3)
                .cacheTtl(Duration.ZERO).build();
        AtomicLong merges = new AtomicLong();
        AtomicLong ops = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<String> failureLines = new ArrayList<>();
        Map<Long, String> expected = new ConcurrentHashMap<>();
        long mismatches;
        try (Depot depot = Depot.open(config)) {
            DbMap<String, Long> counters = depot.map(COUNTERS, Codec.STRING, Codec.LONG);
            DbMap<Long, String> items = depot.map(ITEMS, Codec.LONG, Codec.STRING);
            DbMap<String, String> settings = depot.map(SETTINGS, Codec.STRING, Codec.STRING);
            System.out.println("READY " + child);
            while (!Files.exists(go)) {
                Thread.sleep(50);
            }
            long end = System.nanoTime() + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long base = (child * (long) THREADS + t) * 1_000_000L;
                Map<Long, String> mine = new HashMap<>();
                threads.add(Thread.ofPlatform().name("budget-" + t).start(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long seq = 0;
                    while (System.nanoTime() < end) {
                        seq++;
                        long key = base + random.nextInt(KEYS_PER_THREAD);
                        String value = child + "-" + seq;
                        int roll = random.nextInt(20);
                        try {
                            if (roll < 6) {
                                counters.merge("c" + random.nextInt(COUNTER_KEYS), 1L, Long::sum);
                                merges.incrementAndGet();
                            } else if (roll < 10) {
                                items.put(key, value);
                                mine.put(key, value);
                            } else if (roll < 14) {
                                String got = items.get(key);
                                if (!java.util.Objects.equals(got, mine.get(key))) {
                                    throw new IllegalStateException("get " + key + " gave " + got + ", expected " + mine.get(key));
                                }
                            } else if (roll < 16) {
                                if (items.putIfAbsent(key, value) == null) {
                                    mine.put(key, value);
                                }
                            } else if (roll < 18) {
                                items.remove(key);
                                mine.remove(key);
                            } else if (roll < 19) {
                                items.getAll(List.of(base, base + 1, base + 2, base + 3));
                            } else {
                                try (var s = settings.entrySet().stream()) {
                                    if (s.count() != 20) {
                                        throw new IllegalStateException("the settings map lost entries");
                                    }
                                }
                            }
                            ops.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                            synchronized (failureLines) {
                                if (failureLines.size() < 5) {
                                    failureLines.add(e.toString().replace('\n', ' '));
                                }
                            }
                        }
                        // an application does some work between calls; without it 150 connections
                        // on two cores measure only the scheduler
                        Pause.millis(random.nextInt(2, 12));
                    }
                    expected.putAll(mine);
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            Map<Long, String> stored = new HashMap<>();
            for (long t = 0; t < THREADS; t++) {
                long base = (child * (long) THREADS + t) * 1_000_000L;
                List<Long> keys = new ArrayList<>();
                for (int i = 0; i < KEYS_PER_THREAD; i++) {
                    keys.add(base + i);
                }
                stored.putAll(items.getAll(keys));
            }
            mismatches = stored.entrySet().stream().filter(e -> !e.getValue().equals(expected.get(e.getKey()))).count()
                    + expected.keySet().stream().filter(k -> !stored.containsKey(k)).count();
        }
        failureLines.forEach(l -> System.out.println("FAILURE " + l));
        System.out.println("RESULT merges=" + merges.get() + " ops=" + ops.get() + " failures=" + failures.get()
                + " mismatches=" + mismatches);
    }
}
