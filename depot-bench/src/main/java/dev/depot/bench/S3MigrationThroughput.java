package dev.depot.bench;

import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.GeneratedBytes;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Blob migration between two buckets of one s3proxy: Depot's migration ({@code migrateBlobsFrom},
 * run when the blob store opens: list, read, write, verify each object) against {@code aws s3 sync}
 * of the same bucket down to a folder and up to the other bucket, in objects/s for many small
 * objects and in MB/s for fewer large ones. Between two providers both move every byte through
 * the client. (A bucket-to-bucket {@code aws s3 sync} on one endpoint would copy on the server,
 * and s3proxy refuses awscli's copy of large objects: it has no object tagging.) The source is
 * filled once per workload; each round copies it with both into fresh buckets, in alternating
 * order, and the ratio's interval comes from the per-round ratios (mean ± 2 standard errors).
 * Prints {@code RESULT} and {@code RATIO} lines.
 *
 * <p>Arguments: a work folder, and optionally the rounds, the small count, the large count and
 * the large size.
 */
public final class S3MigrationThroughput {
    public static final String SMALL = "s3 migrate small";
    public static final String LARGE = "s3 migrate large";

    private S3MigrationThroughput() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).resolve("s3-migrate");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int small = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int large = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        int largeSize = args.length > 4 ? Integer.parseInt(args[4]) : 20 << 20;
        if (System.getProperty(S3ProxyServers.CLASSPATH_PROPERTY) == null) {
            System.setProperty(S3ProxyServers.CLASSPATH_PROPERTY, "depot-s3proxy/target/s3proxy.classpath");
        }
        try (S3Proxy s3 = S3ProxyServers.start()) {
            run(s3, work, SMALL, rounds, small, 2_000, "objects/s");
            run(s3, work, LARGE, rounds, large, largeSize, "MB/s");
        }
    }

    private static void run(S3Proxy s3, Path work, String workload, int rounds, int count, int size, String unit)
            throws Exception {
        String source = s3.newBucket("src");
        fill(s3.url(source), work.resolve(source), count, size); // bucket names are unique, so sessions are fresh
        double amount = unit.equals("MB/s") ? (double) count * size / 1e6 : count;
        List<Double> depot = new ArrayList<>();
        List<Double> aws = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double a;
            double b;
            if (r % 2 == 0) {
                a = amount / depotSeconds(s3, work, source);
                b = amount / awsSeconds(s3, work, source);
            } else {
                b = amount / awsSeconds(s3, work, source);
                a = amount / depotSeconds(s3, work, source);
            }
            depot.add(a);
            aws.add(b);
            ratios.add(a / b);
            System.err.printf(Locale.ROOT, "%s round %d: %d objects of %d bytes: depot %.1f %s, aws s3 sync %.1f %s, ratio %.2f%n",
                    workload, r, count, size, a, unit, b, unit, a / b);
        }
        result(workload, "depot@s3proxy", Rounds.mean(depot), 2 * Rounds.stderr(depot), unit);
        result(workload, "aws-s3-sync@s3proxy", Rounds.mean(aws), 2 * Rounds.stderr(aws), unit);
        Rounds.ratio(workload, ratios);
    }

    /** Seconds of Depot's migration of {@code source} into a fresh bucket, which is then removed. */
    private static double depotSeconds(S3Proxy s3, Path work, String source) throws Exception {
        String target = s3.newBucket("depot");
        long t0 = System.nanoTime();
        try (Depot d = Depot.open(DepotConfig.builder().url("memory:").sessionDir(work.resolve(target))
                .blobUrl(s3.url(target)).migrateBlobsFrom(s3.url(source)).build())) {
            d.blobs(); // the migration runs when the blob store is first opened, if not already
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Rounds.delete(s3.dataDirectory().resolve(target)); // rounds of 1 GB would pile up
        return seconds;
    }

    /** Seconds of {@code aws s3 sync} of {@code source} down to a folder and up to a fresh bucket. */
    private static double awsSeconds(S3Proxy s3, Path work, String source) throws Exception {
        String target = s3.newBucket("aws");
        Path local = work.resolve(target);
        long t0 = System.nanoTime();
        // Between two providers awscli cannot copy in one command (one --endpoint-url); an operator
        // syncs down to a folder and up again, so the bytes pass through the client as with Depot.
        s3.aws(Duration.ofMinutes(30), "s3", "sync", "--only-show-errors", "s3://" + source, local.toString());
        s3.aws(Duration.ofMinutes(30), "s3", "sync", "--only-show-errors", local.toString(), "s3://" + target);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Rounds.delete(s3.dataDirectory().resolve(target));
        Rounds.delete(local);
        return seconds;
    }

    private static void fill(String url, Path session, int count, int size) throws Exception {
        try (Depot d = Depot.open(DepotConfig.builder().url("memory:").sessionDir(session).blobUrl(url).build())) {
            BlobStore blobs = d.blobs();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int n = i;
                    puts.add(pool.submit(() -> blobs.put("media/" + (n % 97) + "/" + n + ".bin",
                            GeneratedBytes.stream(size, n), size, BlobOptions.publicRead().contentType("image/jpeg"))));
                }
                for (Future<?> f : puts) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void result(String workload, String target, double score, double error, String unit) {
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%f\t%f\t%s%n", workload, target, score, error, unit);
    }
}
