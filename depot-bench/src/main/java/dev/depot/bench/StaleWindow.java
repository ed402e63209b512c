package dev.depot.bench;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.LongCodec;
import org.redisson.config.Config;

/**
 * Issue 14's stale window, two processes on loopback: this JVM (B, the reader) starts one child
 * JVM (A, the writer, this class with {@code writer} first). For each step B sends A {@code PUT n}
 * on its standard input; A writes {@code n} and answers {@code PUT n <nanoTime when put returned>};
 * meanwhile B polls its cached {@code get} (about every 50 µs) and notes when the first read that
 * sees {@code n} began. The window is that start minus A's return time: {@code System.nanoTime()}
 * is the machine's monotonic clock on Linux, shared by both processes (as in depot-it's
 * CrossProcessCacheTests), so the pipe's latency is not counted. A read that began before the
 * put returned counts as 0.
 *
 * <p>Libraries: {@code depot} (sharedAccess(true), the default cache: 5 minutes) or
 * {@code redisson-cached} (Redisson's RLocalCachedMap, SyncStrategy.INVALIDATE, two clients).
 * Prints {@code RESULT} lines for {@link BenchMain}: p50, p99 and max in ms. Arguments:
 * {@code <work dir> <depot|redisson-cached> <store name> <url> <steps>}; the writer gets
 * {@code writer <lib> <url> <session dir>}. Single-threaded.
 */
final class StaleWindow {
    static final String WORKLOAD_P50 = "stale window p50";
    static final String WORKLOAD_P99 = "stale window p99";
    static final String WORKLOAD_MAX = "stale window max";
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int WARM_UP = 20;

    private StaleWindow() {}

    /** One process's view of the counter: a cached map of the library under test. */
    private interface Side extends AutoCloseable {
        void put(long value);

        long get();

        @Override
        void close();
    }

    private static Side open(String lib, String url, Path session) {
        return switch (lib) {
            case "depot" -> {
                Depot depot = Depot.open(DepotConfig.builder().url(url).prefix("benchstale").sharedAccess(true)
                        .sessionDir(session).build());
                DbMap<Long, Long> map = depot.map("window", Codec.LONG, Codec.LONG);
                yield new Side() {
                    @Override
                    public void put(long value) {
                        map.set(1L, value);
                    }

                    @Override
                    public long get() {
                        Long v = map.get(1L);
                        return v == null ? -1 : v;
                    }

                    @Override
                    public void close() {
                        depot.close();
                    }
                };
            }
            case "redisson-cached" -> {
                URI uri = URI.create(url);
                Config config = new Config();
                config.useSingleServer().setAddress("redis://" + uri.getHost() + ":" + uri.getPort());
                RedissonClient client = Redisson.create(config);
                RLocalCachedMap<String, Long> map = client.getLocalCachedMap(LocalCachedMapOptions.<String, Long>name(
                        "{benchstale:window}").codec(LongCodec.INSTANCE).cacheSize(10_000)
                        .timeToLive(java.time.Duration.ofMinutes(5))
                        .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE));
                yield new Side() {
                    @Override
                    public void put(long value) {
                        map.fastPut("k", value);
                    }

                    @Override
                    public long get() {
                        Long v = map.get("k");
                        return v == null ? -1 : v;
                    }

                    @Override
                    public void close() {
                        client.shutdown();
                    }
                };
            }
            default -> throw new IllegalArgumentException("unknown library " + lib);
        };
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("writer")) {
            writer(args[1], args[2], Path.of(args[3]));
            return;
        }
        Path work = Path.of(args[0]);
        String lib = args[1];
        String store = args[2];
        String url = args[3];
        int steps = Integer.parseInt(args[4]);
        Path sessions = Files.createTempDirectory(work, "stale-");
        List<Long> windows = new ArrayList<>();
        try (Side reader = open(lib, url, sessions.resolve("b"))) {
            long start = Math.max(0, reader.get()) + 1; // a previous run's value stays in the store
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), StaleWindow.class.getName(), "writer", lib, url,
                    sessions.resolve("a").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (PrintWriter to = new PrintWriter(new OutputStreamWriter(writer.getOutputStream(), StandardCharsets.UTF_8), true);
                    BufferedReader from = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                expect(from, "READY");
                for (int i = 0; i < WARM_UP + steps; i++) {
                    long n = start + i;
                    reader.get(); // the old value is cached before the write
                    to.println("PUT " + n);
                    long fresh = -1;
                    long deadline = System.nanoTime() + GIVE_UP_NANOS;
                    while (System.nanoTime() < deadline) {
                        long began = System.nanoTime();
                        if (reader.get() >= n) {
                            fresh = began;
                            break;
                        }
                        LockSupport.parkNanos(50_000);
                    }
                    String[] answer = expect(from, "PUT " + n + " ").split(" ");
                    long returned = Long.parseLong(answer[2]);
                    long window = fresh < 0 ? GIVE_UP_NANOS : Math.max(0, fresh - returned);
                    if (i >= WARM_UP) {
                        windows.add(window);
                    }
                    // 0–5 ms between steps, so the writes do not fall in lock-step with a polled feed's interval
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(5)));
                }
                to.println("QUIT");
            }
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        Collections.sort(windows);
        double p50 = windows.get(windows.size() / 2) / 1e6;
        double p99 = windows.get((int) Math.ceil(windows.size() * 0.99) - 1) / 1e6;
        double max = windows.get(windows.size() - 1) / 1e6;
        String target = lib + "@" + store;
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%.3f\tNaN\tms%n", WORKLOAD_P50, target, p50);
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%.3f\tNaN\tms%n", WORKLOAD_P99, target, p99);
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%.3f\tNaN\tms%n", WORKLOAD_MAX, target, max);
        System.out.printf(Locale.ROOT, "%s: stale window over %d steps: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                target, windows.size(), p50, p99, max);
    }

    private static String expect(BufferedReader from, String prefix) throws java.io.IOException {
        for (String line; (line = from.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the writer process ended before answering " + prefix.trim());
    }

    /** Process A: writes what it is told, answers with the monotonic time its put returned. */
    private static void writer(String lib, String url, Path session) throws Exception {
        try (Side side = open(lib, url, session)) {
            System.out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("QUIT"); ) {
                long n = Long.parseLong(line.substring(4));
                side.put(n);
                long returned = System.nanoTime();
                System.out.println("PUT " + n + " " + returned);
            }
        }
    }
}
