package dev.depot.bench;

import dev.depot.bench.Report.Comparison;
import dev.depot.bench.Report.Goal;
import dev.depot.bench.Report.Measurement;
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole benchmark run behind {@code bin/bench}: starts throwaway servers, loads the same data
 * into every store, runs each workload on Depot and its peers with JMH (Depot and the peers it is
 * compared with take turns in the same forks, {@link Rotation}), measures heap and migration in
 * JVMs of their own, and writes the report with every ratio's interval ({@link Ratio}).
 *
 * <p>Options: {@code --out FILE} (default {@code docs/benchmarks.md}), {@code --work DIR} (files
 * and server folders), {@code --quick} (a few hundred milliseconds per measurement, to try the
 * harness), {@code --durable} (PostgreSQL with fsync and full-page writes on), {@code --only REGEX} (workloads whose name matches), {@code --targets REGEX} (targets
 * whose name matches, for the JMH workloads), {@code --command TEXT} (how the
 * run was started, for the report).
 *
 * <p>This class is long because it is the whole run in the order of the report: options, servers, and
 * the schedule of each workload family.
 */
public final class BenchMain {
    /** Stores whose bounded-cache heap is measured: 1,000,000 single gets each, so only the target's (PostgreSQL) and the embedded default. */
    private static final List<String> HEAP_STORES = List.of("sqlite", "postgres");

    private final Report report = new Report();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Options options;

    /** The command-line options a run reads after {@code main} has parsed them. */
    private record Options(boolean quick, Pattern only, Pattern targets, Path work) {}

    private BenchMain(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("docs/benchmarks.md");
        Path work = Path.of("depot-bench/target/bench-run");
        boolean quick = false;
        boolean durable = false;
        Pattern only = Pattern.compile(".*");
        Pattern targets = Pattern.compile(".*");
        String command = "bin/bench";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--quick" -> quick = true;
                case "--durable" -> durable = true;
                case "--only" -> only = Pattern.compile(args[++i]);
                case "--targets" -> targets = Pattern.compile(args[++i]);
                case "--command" -> command = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --out FILE --work DIR --quick --durable --only REGEX --targets REGEX --command TEXT");
            }
        }
        work = work.toAbsolutePath();
        Files.createDirectories(work);
        System.setProperty("depot.servers.dir", work.resolve("servers").toString());
        String machine = Machine.describe();
        String date = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
        BenchMain run = new BenchMain(new Options(quick, only, targets, work));
        PostgresServers.Builder pg = PostgresServers.builder();
        if (durable) {
            pg.setting("fsync=on").setting("full_page_writes=on"); // later -c settings win over testkit's relaxed ones
        }
        try (RedisServer redis = RedisServers.startPlain();
                PostgresServer postgres = pg.start();
                MariaDbServer mariadb = MariaDbServers.builder().start()) {
            run.urls.put("sqlite", "sqlite:" + fresh(work.resolve("bench.db")));
            run.urls.put("redis", redis.url());
            run.urls.put("postgres", postgres.url("bench"));
            run.urls.put("mariadb", mariadb.url("bench"));
            run.report.note("Servers: throwaway redis-server (no persistence), PostgreSQL ("
                    + (durable ? "`--durable`: fsync=on, full_page_writes=on" : "fsync=off, full_page_writes=off")
                    + ", shared_buffers=32MB) and MariaDB (innodb_flush_log_at_trx_commit=2: each commit written "
                    + "to the OS, fsync about once a second) from depot-testkit, on loopback; SQLite and MVStore files "
                    + "on local disk. Relaxed durability favours writes equally for Depot and its peers, but it also makes "
                    + "write-through look cheap next to journaled write-behind, whose journal does fsync.");
            run.all();
        }
        run.report.write(out, command, machine, date);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    private static Path fresh(Path file) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        return file;
    }

    private void all() throws Exception {
        Path mv = fresh(options.work().resolve("bench.mv.db"));
        System.setProperty("depot.bench.mvstore", mv.toString());
        if (Stream.of("getHot", "getUncached", "set", "iterate", "putAll 100k", PUTALL_FRESH, PUT, PUT_16, "set loop", "write mode", "heap")
                .anyMatch(w -> options.only().matcher(w).find())) {
            preload(); // only the map workloads read it; an S3-only run needs none of it
        }

        // Targets in one list take turns in one fork (Rotation): each Depot with the peers it is compared with.
        List<List<String>> pairs = new ArrayList<>(List.of(List.of("depot@memory", "chm"),
                List.of("depot@sqlite", "jdbc@sqlite", "mvstore"), List.of("depot@redis", "lettuce@redis", "redisson@redis")));
        for (String s : new String[] {"postgres", "mariadb"}) {
            if (urls.containsKey(s)) {
                pairs.add(List.of("depot@" + s, "jdbc@" + s));
            }
        }
        List<String> remote = urls.keySet().stream().toList();
        List<String> cached = new ArrayList<>(List.of("caffeine"));
        remote.forEach(s -> cached.add("depot-cached@" + s));
        List<List<String>> hot = List.of(List.of("depot@memory", "chm"), cached);
        // Alone in their forks: setLoop is compared with another workload (putAll), and a write-behind
        // target's flusher would keep writing through its neighbour's iteration (docs/benchmarks.md).
        List<List<String>> loops = remote.stream().map(s -> List.of("depot@" + s)).toList();
        // Issue 14's cost rows: a shared Depot (change feed up) against the same Depot without sharedAccess.
        List<List<String>> coherentGets = new ArrayList<>();
        List<List<String>> coherentSets = new ArrayList<>();
        for (String s : remote) {
            coherentGets.add(s.equals("redis") ? List.of("depot-cached@redis", "depot-cached-local@redis", "redisson-cached@redis")
                    : List.of("depot-cached@" + s, "depot-cached-local@" + s));
            coherentSets.add(List.of("depot@" + s, "depot-local@" + s));
        }
        // Issue 15's rows: putAll into an empty table against the store's raw bulk path (bulk@), and put
        // (previous value returned) against one raw upsert, on 4 and on 16 threads with the same pool.
        // Depot as a user opens it by default (depot-local: no sharedAccess, so no change feed), as the
        // raw peers announce nothing either.
        List<List<String>> fresh = new ArrayList<>();
        List<List<String>> upserts = new ArrayList<>();
        for (String s : new String[] {"sqlite", "postgres", "mariadb"}) {
            if (urls.containsKey(s)) {
                fresh.add(List.of("depot-local@" + s, "bulk@" + s));
                if (!s.equals("sqlite")) {
                    upserts.add(List.of("depot-local@" + s, "jdbc@" + s));
                }
            }
        }
        List<List<String>> modes = new ArrayList<>();
        remote.forEach(s -> List.of("depot@", "depot-wb@", "depot-wbj@").forEach(lib -> modes.add(List.of(lib + s))));

        List<Workload> schedule = List.of(
                new Workload("getHot", MapBenchmark.class, "getHot", hot, timed(2, 1, 6, 1, 2), 1),
                new Workload("getUncached", MapBenchmark.class, "getUncached", pairs, timed(2, 1, 6, 1, 2), 1),
                new Workload("set", MapBenchmark.class, "set", pairs, timed(2, 1, 6, 1, 2), 1),
                new Workload("iterate", MapBenchmark.class, "iterate", pairs, timed(1, 2, 4, 2, 2), BenchData.KEYS),
                new Workload("putAll 100k", BulkBenchmark.class, "putAll", pairs, singleShot(1, 5, 2), 1),
                new Workload(PUTALL_FRESH, BulkBenchmark.class, "putAllFresh", fresh, singleShot(1, 5, 2), 1),
                new Workload(PUT, MapBenchmark.class, "put", upserts, timed(2, 1, 6, 1, 2), 1),
                new Workload(PUT_16, MapBenchmark.class, "put", upserts, timed(2, 1, 6, 1, 2), 1, 16),
                new Workload("set loop", BulkBenchmark.class, "setLoop", loops, timed(1, 1, 6, 1, 2), 1),
                new Workload("write mode", WriteModeBenchmark.class, "set", modes, timed(1, 2, 4, 2, 2), 1),
                new Workload(COHERENT_GET, MapBenchmark.class, "getHot", coherentGets, timed(2, 1, 6, 1, 2), 1),
                new Workload(COHERENT_SET, MapBenchmark.class, "set", coherentSets, timed(2, 1, 6, 1, 2), 1));
        double seconds = schedule.stream().mapToDouble(this::estimateSeconds).sum();
        System.out.printf(Locale.ROOT, "estimate: the JMH workloads take about %.1f min (forks × iterations × targets "
                + "as configured, %d s per fork to start); heap, migration, S3, media and removeOrphans add their own "
                + "rounds on top%n", seconds / 60, FORK_SECONDS);
        for (Workload w : schedule) {
            jmh(w);
        }

        if (options.only().matcher("heap").find()) {
            child("-Xmx3g", HeapFootprint.class, "chm", "chm");
            child("-Xmx3g", HeapFootprint.class, "memory", "depot@memory");
            for (String s : remote) {
                if (HEAP_STORES.contains(s)) {
                    child("-Xmx1g", HeapFootprint.class, urls.get(s), "depot-cached@" + s);
                }
            }
        }
        if (options.only().matcher(StaleWindow.WORKLOAD_P99).find()) {
            String steps = options.quick() ? "100" : "500";
            for (String s : remote) {
                child("-Xmx512m", StaleWindow.class, options.work().toString(), "depot", s, urls.get(s), steps);
            }
            child("-Xmx512m", StaleWindow.class, options.work().toString(), "redisson-cached", "redis", urls.get("redis"), steps);
        }
        if (options.only().matcher("migration").find()) {
            String target = urls.getOrDefault("postgres", urls.get("redis"));
            List<String> args = new ArrayList<>(List.of(options.work().toString(), target));
            if (urls.containsKey("postgres")) {
                args.add(jdbcUrl(urls.get("postgres")));
            } else {
                report.note("Migration ran SQLite → Redis, since no PostgreSQL took part; there is no COPY figure.");
            }
            child("-Xmx2g", MigrationThroughput.class, args.toArray(String[]::new));
        }
        if (options.only().matcher(S3PutThroughput.WORKLOAD).find()) {
            child("-Xmx512m", S3PutThroughput.class, options.work().toString());
        }
        if (options.only().matcher("s3 migrate").find()) {
            child("-Xmx512m", S3MigrationThroughput.class, options.work().toString());
        }
        if (Stream.of(MediaThroughput.IMAGES, MediaThroughput.HEAP, MediaThroughput.VIDEO)
                .anyMatch(w -> options.only().matcher(w).find())) {
            // 256 MiB of heap: the 33-megapixel upload must fit in the issue's bound, not just report a peak.
            child("-Xmx256m", MediaThroughput.class, options.work().toString());
        }
        if (options.only().matcher(OrphanScanRoundTrips.WORKLOAD).find()) {
            child("-Xmx1g", OrphanScanRoundTrips.class, options.work().toString(), urls.get("redis"));
        }
        compare(remote);
    }

    /** Every server store gets the read map (loaded), and empty bulk and write maps, through Depot, before any fork. */
    private void preload() {
        for (String store : urls.keySet()) {
            long t0 = System.nanoTime();
            try (DepotTarget data = DepotTarget.open(urls.get(store), BenchData.MAP, DepotTarget.Mode.UNCACHED);
                    DepotTarget bulk = DepotTarget.open(urls.get(store), BenchData.BULK_MAP, DepotTarget.Mode.UNCACHED);
                    DepotTarget writes = DepotTarget.open(urls.get(store), BenchData.WRITES_MAP, DepotTarget.Mode.UNCACHED)) {
                data.map().clear();
                Loader.ensureLoaded(data, BenchData.KEYS);
                bulk.map().clear();
                writes.map().clear();
            }
            System.out.printf(Locale.ROOT, "loaded %s in %.1f s%n", store, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static String jdbcUrl(String depotUrl) {
        java.net.URI u = java.net.URI.create(depotUrl);
        String user = u.getUserInfo() == null ? "" : "?user=" + u.getUserInfo().split(":")[0];
        return "jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath() + user;
    }

    /** Issue 15's workloads: putAll into an empty table vs the raw bulk path; put vs one raw upsert, on 4 and 16 threads. */
    private static final String PUTALL_FRESH = "putAll fresh";
    private static final String PUT = "put";
    private static final String PUT_16 = "put 16 threads";

    /** Issue 14's cost workloads: cached hot gets and write-through sets, shared (feed up) against unshared. */
    private static final String COHERENT_GET = "coherent getHot";
    private static final String COHERENT_SET = "coherent set";

    /** What a fork costs besides its iterations (JVM start, opening targets, hot keys), for the estimate. */
    private static final int FORK_SECONDS = 5;
    /** What a single shot of {@code putAll 100k} is assumed to take, for the estimate. */
    private static final double SHOT_SECONDS = 1.5;

    /**
     * How long each target is measured: {@code warmups} and {@code iterations} per target (a fork
     * of a group of n targets runs n times as many, in turn), {@code forks} per group.
     */
    private record Timing(int warmups, int warmupSeconds, int iterations, int seconds, int forks, boolean singleShot) {}

    /** One JMH workload: {@code method} of {@code benchmark} on each group of targets, a fork per group. */
    private record Workload(String name, Class<?> benchmark, String method, List<List<String>> groups, Timing timing,
            int entriesPerOp, int threads) {
        /** A workload on the benchmark class's own thread count. */
        Workload(String name, Class<?> benchmark, String method, List<List<String>> groups, Timing timing, int entriesPerOp) {
            this(name, benchmark, method, groups, timing, entriesPerOp, 0);
        }
    }

    private static Timing timed(int warmups, int warmupSeconds, int iterations, int seconds, int forks) {
        return new Timing(warmups, warmupSeconds, iterations, seconds, forks, false);
    }

    private static Timing singleShot(int warmups, int iterations, int forks) {
        return new Timing(warmups, 0, iterations, 0, forks, true);
    }

    /** The timing a run uses: as configured, or in {@code --quick} one short fork with three measured rounds. */
    private Timing timing(Timing t) {
        if (!options.quick()) {
            return t;
        }
        return new Timing(1, 0, 3, 0, 1, t.singleShot());
    }

    /** The groups of a workload that this run measures: targets filtered by {@code --targets}, empty groups dropped. */
    private List<List<String>> groups(Workload w) {
        if (!options.only().matcher(w.name()).find()) {
            return List.of();
        }
        return w.groups().stream().map(g -> g.stream().filter(n -> options.targets().matcher(n).find()).toList())
                .filter(g -> !g.isEmpty()).toList();
    }

    private double estimateSeconds(Workload w) {
        Timing t = timing(w.timing());
        double perTarget = t.singleShot() ? (t.warmups() + t.iterations()) * SHOT_SECONDS
                : options.quick() ? t.warmups() * 0.2 + t.iterations() * 0.3
                : t.warmups() * t.warmupSeconds() + t.iterations() * t.seconds();
        return groups(w).stream().mapToDouble(g -> t.forks() * (FORK_SECONDS + g.size() * perTarget)).sum();
    }

    /**
     * Runs a workload: per group, {@code forks} JMH forks in which the group's targets take turns
     * an iteration each. Records every target's mean over all its measured iterations (entries per
     * second: ops/s times {@code entriesPerOp}, or for single shots the batch size divided by the
     * time of one shot), and for every two targets of a group the ratio of each round.
     */
    private void jmh(Workload w) throws RunnerException {
        Timing t = timing(w.timing());
        if (!groups(w).isEmpty()) {
            report.note(String.format(Locale.ROOT, "`%s`: %d fork(s) per group (%s); per target %d warm-up and %d measured "
                    + "round(s)%s.", w.name(), t.forks(), groups(w).stream().map(Rotation::group).collect(
                            java.util.stream.Collectors.joining(", ")), t.warmups(), t.iterations(),
                    t.singleShot() ? " of one shot each" : options.quick() ? " of 200/300 ms" : String.format(
                            Locale.ROOT, " of %d/%d s", t.warmupSeconds(), t.seconds())));
        }
        for (List<String> group : groups(w)) {
            int n = group.size();
            List<String> props = new ArrayList<>(List.of("-Xmx2g", "--enable-native-access=ALL-UNNAMED",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Ddepot.bench.mvstore=" + System.getProperty("depot.bench.mvstore")));
            urls.forEach((store, url) -> props.add("-Ddepot.bench.url." + store + "=" + url));
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include(Pattern.quote(w.benchmark().getName()) + "\\." + w.method() + "$")
                    .param("target", Rotation.group(group))
                    .forks(t.forks())
                    .shouldFailOnError(false)
                    .jvmArgsAppend(props.toArray(String[]::new))
                    .warmupIterations(t.warmups() * n)
                    .measurementIterations(t.iterations() * n);
            if (w.threads() > 0) {
                o.threads(w.threads());
            }
            if (!t.singleShot()) {
                o.warmupTime(options.quick() ? TimeValue.milliseconds(200) : TimeValue.seconds(t.warmupSeconds()))
                        .measurementTime(options.quick() ? TimeValue.milliseconds(300) : TimeValue.seconds(t.seconds()));
            }
            for (RunResult r : new Runner(o.build()).run()) {
                record(w, t, group, r);
            }
        }
    }

    /** Turns one group's forks into per-target measurements and per-round ratios. */
    private void record(Workload w, Timing t, List<String> group, RunResult r) {
        int n = group.size();
        List<List<Double>> scores = new ArrayList<>();
        group.forEach(g -> scores.add(new ArrayList<>()));
        for (BenchmarkResult fork : r.getBenchmarkResults()) {
            List<Double> rounds = new ArrayList<>();
            int k = 0;
            for (IterationResult it : fork.getIterationResults()) {
                Result<?> p = it.getPrimaryResult();
                double score = t.singleShot() ? BenchData.BULK / (p.getScore() * secondsPer(p.getScoreUnit()))
                        : p.getScore() * w.entriesPerOp();
                scores.get(k % n).add(score);
                rounds.add(score);
                k++;
            }
            for (int c = 0; c + n <= rounds.size(); c += n) {
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        if (a != b) {
                            report.roundRatio(w.name(), group.get(a), group.get(b), rounds.get(c + a) / rounds.get(c + b));
                        }
                    }
                }
            }
        }
        String unit = t.singleShot() || w.entriesPerOp() > 1 ? "entries/s" : "ops/s";
        for (int i = 0; i < n; i++) {
            List<Double> xs = scores.get(i);
            double se = Rounds.stderr(xs);
            report.add(new Measurement(w.name(), group.get(i), Rounds.mean(xs), Ratio.t95(xs.size() - 1) * se, unit, se,
                    xs.size()));
        }
    }

    private static double secondsPer(String unit) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> throw new IllegalStateException("unexpected unit " + unit);
        };
    }

    /** Runs a main class in a JVM of its own with this class path and reads its {@code RESULT} lines. */
    private void child(String heap, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println(line);
                if (line.startsWith("RATIO ")) {
                    String[] f = line.substring(6).split("\t");
                    report.givenRatio(f[0], new Ratio(Double.parseDouble(f[1]), Double.parseDouble(f[2])));
                    report.note(String.format(Locale.ROOT, "`%s`: the ratio of each round's score, over %s rounds, is "
                            + "%s ± %s (mean ± t·standard error, 95 %%).", f[0], f[3], f[1], f[2]));
                }
                if (line.startsWith("RESULT ")) {
                    String[] f = line.substring(7).split("\t");
                    report.add(new Measurement(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), f[4]));
                }
            }
        }
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            report.note(main.getSimpleName() + " " + String.join(" ", args).replaceAll("://[^@/]*@", "://…@")
                    + " failed (exit " + p.exitValue() + "); see the run's output.");
        }
    }

    /** The ratio table: which measurement is compared with which, and the targets of the issue. */
    private void compare(List<String> remote) {
        Goal vsJdbc = Goal.atLeast(0.9);
        report.compare(Comparison.of("getHot", "memory", "depot@memory", "chm", Goal.atLeast(0.8)));
        for (String s : remote) {
            report.compare(Comparison.of("getHot", s + " (cached)", "depot-cached@" + s, "caffeine", Goal.atLeast(0.5)));
        }
        for (String w : new String[] {"getUncached", "set", "iterate", "putAll 100k"}) {
            boolean goals = w.equals("getUncached") || w.equals("set");
            report.compare(Comparison.of(w, "memory", "depot@memory", "chm", w.equals("getUncached") ? Goal.atLeast(0.8) : null));
            report.compare(Comparison.of(w, "sqlite", "depot@sqlite", "jdbc@sqlite", goals ? vsJdbc : null));
            report.compare(Comparison.of(w, "sqlite", "depot@sqlite", "mvstore", null));
            report.compare(Comparison.of(w, "redis", "depot@redis", "lettuce@redis", goals ? vsJdbc : null));
            report.compare(Comparison.of(w, "redis", "depot@redis", "redisson@redis", goals ? Goal.atLeast(1.2) : null));
            for (String s : new String[] {"postgres", "mariadb"}) {
                if (urls.containsKey(s)) {
                    report.compare(Comparison.of(w, s, "depot@" + s, "jdbc@" + s, goals ? vsJdbc : null));
                }
            }
        }
        for (String s : new String[] {"sqlite", "postgres", "mariadb"}) {
            if (urls.containsKey(s)) {
                report.compare(Comparison.of(PUTALL_FRESH, s, "depot-local@" + s, "bulk@" + s, Goal.atLeast(0.9)));
            }
        }
        for (String s : new String[] {"postgres", "mariadb"}) {
            if (urls.containsKey(s)) {
                report.compare(Comparison.of(PUT, s, "depot-local@" + s, "jdbc@" + s, Goal.atLeast(0.9)));
                report.compare(Comparison.of(PUT_16, s, "depot-local@" + s, "jdbc@" + s, Goal.atLeast(1.5)));
            }
        }
        report.note("`" + PUTALL_FRESH + "` (issue 15): one `putAll` of 100,000 entries into an empty map (emptied before "
                + "each shot, outside the measurement) against `bulk@s`, the store's raw bulk path on the same table: "
                + "PostgreSQL `COPY FROM STDIN (FORMAT binary)`, MariaDB multi-row `INSERT … ON DUPLICATE KEY UPDATE` "
                + "of up to half of max_allowed_packet in one transaction, SQLite a JDBC batch of one prepared upsert in "
                + "one transaction; Depot here is `depot-local` (no sharedAccess, so no change feed, like the raw paths). `"
                + PUT + "` / `" + PUT_16 + "`: Depot's `put` (returns the previous value) against "
                + "`jdbc@s`'s one upsert per call (returns nothing), 4 and 16 threads, pool " + BenchData.POOL + " for both.");
        for (String s : remote) {
            report.compare(new Comparison("putAll 100k", s, "depot@" + s, "set loop", "depot@" + s,
                    s.equals("sqlite") ? null : Goal.atLeast(5)));
        }
        for (String s : remote) {
            report.compare(Comparison.of("write mode", s, "depot-wb@" + s, "depot@" + s, Goal.atLeast(10)));
            report.compare(Comparison.of("write mode", s + " (journaled)", "depot-wbj@" + s, "depot@" + s, Goal.atLeast(5)));
        }
        for (String s : remote) {
            report.compare(Comparison.of(COHERENT_GET, s + " (cached)", "depot-cached@" + s, "depot-cached-local@" + s,
                    Goal.atLeast(0.9)));
        }
        report.compare(Comparison.of(COHERENT_GET, "redis (cached)", "depot-cached@redis", "redisson-cached@redis", null));
        for (String s : remote) {
            report.compare(Comparison.of(COHERENT_SET, s, "depot@" + s, "depot-local@" + s, Goal.atLeast(0.85)));
        }
        for (String s : remote) {
            Goal target = Goal.atMost(s.equals("redis") || s.equals("postgres") ? 50 : 250);
            report.compare(Comparison.absolute(StaleWindow.WORKLOAD_P99, s, "depot@" + s, target));
            if (s.equals("redis")) {
                report.compare(Comparison.absolute(StaleWindow.WORKLOAD_P99, s, "redisson-cached@redis", Goal.atMost(50)));
            }
        }
        report.note("`" + COHERENT_GET + "` and `" + COHERENT_SET + "` (issue 14's cost): `depot-cached@s` / `depot@s` "
                + "open with sharedAccess(true), so the store's change feed runs (every write announced, every remote "
                + "change invalidating); `depot-cached-local@s` / `depot-local@s` are the same Depot without sharedAccess "
                + "(no feed, a lease, prefix `" + BenchData.LOCAL_PREFIX + "`), Depot as it was before issue 14. Both take "
                + "turns in one fork. `redisson-cached@redis` is Redisson's RLocalCachedMap (10,000 entries, 5 min, "
                + "SyncStrategy.INVALIDATE) on the same hash. The write row uses `set` (no previous value), as `set` does.");
        report.note("`" + StaleWindow.WORKLOAD_P99 + "` (also p50 and max in the absolute numbers, ms): two processes on "
                + "loopback, each with sharedAccess(true) and the default cache (5 min); one `set`s a new value, the "
                + "other polls its cached `get` about every 50 µs; the window runs from the set returning to the start "
                + "of the first read that sees it, both on the machine's monotonic clock (" + (options.quick() ? 100 : 500)
                + " steps after 20 of warm-up, 0–5 ms apart). `redisson-cached@redis`: the same with two Redisson clients "
                + "and RLocalCachedMap (SyncStrategy.INVALIDATE). A row with one value per run has no interval.");
        report.compare(Comparison.of("heap per 1M", "memory", "depot@memory", "chm", null));
        for (String s : HEAP_STORES) {
            report.compare(Comparison.of("heap per 1M", s + " (cached, all read)", "depot-cached@" + s, "depot@memory",
                    s.equals("postgres") ? Goal.atMost(0.05) : null));
        }
        report.compare(Comparison.of(S3PutThroughput.WORKLOAD, "s3proxy", "depot@s3proxy", "aws-s3-cp@s3proxy",
                Goal.atLeast(0.8)));
        report.compare(Comparison.of(S3MigrationThroughput.SMALL, "s3proxy→s3proxy", "depot@s3proxy",
                "aws-s3-sync@s3proxy", Goal.atLeast(0.8)));
        report.compare(Comparison.of(S3MigrationThroughput.LARGE, "s3proxy→s3proxy", "depot@s3proxy",
                "aws-s3-sync@s3proxy", Goal.atLeast(0.8)));
        report.note("`s3 migrate small` (10,000 objects of 2,000 bytes, objects/s) and `s3 migrate large` (50 objects "
                + "of 20 MiB, MB/s): Depot's blob migration between two buckets of one s3proxy against `aws s3 sync` "
                + "of the source down to a folder and up to the other bucket (what an operator runs between two "
                + "providers); both move every byte through the client.");
        report.note("`" + S3PutThroughput.WORKLOAD + "`: Depot's S3 store `put` and `aws s3 cp` (Debian awscli) of the "
                + "same 64 MiB files to one throwaway s3proxy (filesystem backend), in alternating order, each with "
                + "its default part size and concurrency.");
        report.compare(Comparison.of(MediaThroughput.IMAGES, "file", "depot@file", "vipsthumbnail", Goal.atLeast(0.5)));
        report.compare(Comparison.absolute(MediaThroughput.HEAP, "file", "depot@file", Goal.atMost(256)));
        report.compare(Comparison.of(MediaThroughput.VIDEO, "file", "depot@file", "ffmpeg-copy", Goal.atLeast(1 / 1.5)));
        report.note("`" + MediaThroughput.IMAGES + "`: `media.upload` of four 4000 × 3000 JPEGs (sniffing, header, both "
                + "styles, metadata stripping, blurhash, two stores and the record, on the filesystem blob store) "
                + "against `vipsthumbnail` run twice per file as a process (3326 × 2494 and 554 × 416, the two "
                + "styles' sizes), images/s. `" + MediaThroughput.HEAP + "`: peak heap of uploading one 7680 × 4320 "
                + "JPEG, in a JVM of -Xmx256m. `" + MediaThroughput.VIDEO + "`: `media.upload` of a 60 s 1280 × 720 "
                + "H.264/AAC MP4 (30 MB; probe, copy without re-encoding, PNG preview, stores) against "
                + "`ffmpeg -c copy -movflags +faststart` of the same file, files/s: a ratio of at least 0.67 is at "
                + "most 1.5 times ffmpeg's time.");
        report.compare(Comparison.absolute(OrphanScanRoundTrips.WORKLOAD, "redis", "depot@redis", Goal.atMost(1)));
        report.note("`" + OrphanScanRoundTrips.WORKLOAD + "`: a dry-run `removeOrphans` over 100,000 objects in a folder "
                + "(96,000 of 48,000 records, 4,000 without a record) and 1,000 records whose files are gone, records in "
                + "Redis; round trips are the commands Redis counted (`INFO commandstats`) during the scan, per 500 "
                + "objects; `" + OrphanScanRoundTrips.SPEED + "` is objects examined per second.");
        String to = urls.containsKey("postgres") ? "postgres" : "redis";
        report.compare(Comparison.absolute("migration", "sqlite→" + to, "depot@sqlite→" + to, Goal.atLeast(100_000)));
        if (urls.containsKey("postgres")) {
            report.compare(Comparison.of("migration", "sqlite→postgres", "depot@sqlite→postgres", "copy@sqlite→postgres", null));
        }
        report.note("Depot and every pooled peer use " + BenchData.POOL + " connections; Redis peers share Depot's hash, "
                + "SQL peers Depot's table. `depot` = read cache off, `depot-cached` = default cache (10,000 entries, "
                + "5 min), `depot-wb` = write-behind, `depot-wbj` = journaled write-behind; every `depot*` target opens with "
                + "sharedAccess(true), so its change feed runs, except `depot-local` and `depot-cached-local`. Write workloads use `set` (no previous value) and the peers' "
                + "equivalents (upsert, HSET, RMap.fastPut); MVStore commits in the background, so its writes are not "
                + "durable when they return.");
        report.note("`iterate`, `putAll 100k` and `set loop` run on one thread; `putAll 100k` is single-shot (one op = "
                + "100,000 entries) and compared with `set loop`, the same entries written one `set` at a time. "
                + "`write mode` writes random keys out of 1,000,000, ten times the write-behind buffer, so the buffer "
                + "fills and the rate is what the flusher sustains.");
        report.note("Heap: `heap per 1M` is heap used after System.gc() with 1,000,000 entries alive minus before; "
                + "for a server store it is what a Depot with the default bounded cache retains after reading every "
                + "entry of a 1,000,000-entry map with `get`.");
    }
}
