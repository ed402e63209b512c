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
 * and s3proxy refuses awscli's copy of large objects: it has no object tagging.) Prints
 * {@code RESULT} lines.
 *
 * <p>Arguments: a work folder, and optionally the small count, the large count and the large size.
 */
public final class S3MigrationThroughput {
    public static final String SMALL = "s3 migrate small";
    public static final String LARGE = "s3 migrate large";

    private S3MigrationThroughput() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).resolve("s3-migrate");
        int small = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int large = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int largeSize = args.length > 3 ? Integer.parseInt(args[3]) : 20 << 20;
        if (System.getProperty(S3ProxyServers.CLASSPATH_PROPERTY) == null) {
            System.setProperty(S3ProxyServers.CLASSPATH_PROPERTY, "depot-s3proxy/target/s3proxy.classpath");
        }
        try (S3Proxy s3 = S3ProxyServers.start()) {
            run(s3, work, SMALL, small, 2_000, "objects/s");
            run(s3, work, LARGE, large, largeSize, "MB/s");
        }
    }

    private static void run(S3Proxy s3, Path work, String workload, int count, int size, String unit) throws Exception {
        String source = s3.newBucket("src");
        fill(s3.url(source), work.resolve(source), count, size); // bucket names are unique, so sessions are fresh
        long bytes = (long) count * size;

        String depotTarget = s3.newBucket("depot");
        long t0 = System.nanoTime();
        try (Depot d = Depot.open(DepotConfig.builder().url("memory:").sessionDir(work.resolve(depotTarget))
                .blobUrl(s3.url(depotTarget)).migrateBlobsFrom(s3.url(source)).build())) {
            d.blobs(); // the migration runs when the blob store is first opened, if not already
        }
        double depotSeconds = (System.nanoTime() - t0) / 1e9;

        String awsTarget = s3.newBucket("aws");
        long t1 = System.nanoTime();
        // Between two providers awscli cannot copy in one command (one --endpoint-url); an operator
        // syncs down to a folder and up again, so the bytes pass through the client as with Depot.
        Path local = work.resolve(awsTarget);
        s3.aws(Duration.ofMinutes(30), "s3", "sync", "--only-show-errors", "s3://" + source, local.toString());
        s3.aws(Duration.ofMinutes(30), "s3", "sync", "--only-show-errors", local.toString(), "s3://" + awsTarget);
        double awsSeconds = (System.nanoTime() - t1) / 1e9;

        double depot = unit.equals("MB/s") ? bytes / 1e6 / depotSeconds : count / depotSeconds;
        double aws = unit.equals("MB/s") ? bytes / 1e6 / awsSeconds : count / awsSeconds;
        System.err.printf(Locale.ROOT, "%s: %d objects of %d bytes: depot %.1f s, aws s3 sync %.1f s%n", workload,
                count, size, depotSeconds, awsSeconds);
        result(workload, "depot@s3proxy", depot, unit);
        result(workload, "aws-s3-sync@s3proxy", aws, unit);
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

    private static void result(String workload, String target, double score, String unit) {
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%f\t%f\t%s%n", workload, target, score, Double.NaN, unit);
    }
}
