package dev.depot.bench;

import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code put} of 64 MiB objects through Depot's S3 store against {@code aws s3 cp} (Debian's
 * awscli) of the same files to the same s3proxy, in a JVM of its own. Each round uploads every
 * file with both, in alternating order; the score is MB/s over the round and the ratio's interval
 * comes from the per-round ratios (mean ± 2 standard errors). Both use their default part size
 * and concurrency (Depot: 8 MiB parts, 4 at once; awscli: 8 MiB parts, 10 at once). Prints
 * {@code RESULT} lines.
 *
 * <p>Arguments: a work folder, and optionally rounds and files per round.
 */
public final class S3PutThroughput {
    public static final String WORKLOAD = "s3 put 64 MiB";
    private static final int SIZE = 64 << 20;

    private S3PutThroughput() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).resolve("s3-put");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int files = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (System.getProperty(S3ProxyServers.CLASSPATH_PROPERTY) == null) {
            System.setProperty(S3ProxyServers.CLASSPATH_PROPERTY, "depot-s3proxy/target/s3proxy.classpath");
        }
        Files.createDirectories(work);
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            Path f = work.resolve("obj-" + i + ".bin");
            write(f, i);
            inputs.add(f);
        }
        List<Double> depot = new ArrayList<>();
        List<Double> aws = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try (S3Proxy s3 = S3ProxyServers.start()) {
            String bucket = s3.newBucket("bench");
            try (Depot d = Depot.open(DepotConfig.builder().url("memory:").sessionDir(work.resolve("session"))
                    .blobUrl(s3.url(bucket)).build())) {
                BlobStore blobs = d.blobs();
                runDepot(blobs, inputs, "warmup"); // JIT and connections, not measured
                runAws(s3, bucket, inputs, "warmup");
                for (int r = 0; r < rounds; r++) {
                    double a;
                    double b;
                    if (r % 2 == 0) {
                        a = runDepot(blobs, inputs, "r" + r);
                        b = runAws(s3, bucket, inputs, "r" + r);
                    } else {
                        b = runAws(s3, bucket, inputs, "r" + r);
                        a = runDepot(blobs, inputs, "r" + r);
                    }
                    depot.add(a);
                    aws.add(b);
                    ratios.add(a / b);
                    System.err.printf(Locale.ROOT, "s3 put round %d: depot %.1f MB/s, aws s3 cp %.1f MB/s, ratio %.2f%n",
                            r, a, b, a / b);
                }
            }
        }
        result(WORKLOAD, "depot@s3proxy", Rounds.mean(depot), 2 * Rounds.stderr(depot));
        result(WORKLOAD, "aws-s3-cp@s3proxy", Rounds.mean(aws), 2 * Rounds.stderr(aws));
        Rounds.ratio(WORKLOAD, ratios);
        for (Path f : inputs) {
            Files.deleteIfExists(f);
        }
    }

    /** MB/s of putting every file through Depot. */
    private static double runDepot(BlobStore blobs, List<Path> inputs, String round) throws Exception {
        long t0 = System.nanoTime();
        for (Path f : inputs) {
            try (InputStream in = Files.newInputStream(f)) {
                blobs.put("depot/" + round + "/" + f.getFileName(), in, SIZE,
                        BlobOptions.publicRead().contentType("video/mp4"));
            }
        }
        return mbPerSecond(inputs.size(), System.nanoTime() - t0);
    }

    /** MB/s of {@code aws s3 cp} of every file, one process each, as an operator runs it. */
    private static double runAws(S3Proxy s3, String bucket, List<Path> inputs, String round) {
        long t0 = System.nanoTime();
        for (Path f : inputs) {
            s3.aws(Duration.ofMinutes(5), "s3", "cp", "--only-show-errors", "--acl", "public-read", "--content-type",
                    "video/mp4", f.toString(), "s3://" + bucket + "/aws/" + round + "/" + f.getFileName());
        }
        return mbPerSecond(inputs.size(), System.nanoTime() - t0);
    }

    private static double mbPerSecond(int files, long nanos) {
        return files * (double) SIZE / 1e6 / (nanos / 1e9);
    }

    private static void write(Path f, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (int i = 0; i < SIZE / buf.length; i++) {
                for (int j = 0; j < buf.length; j += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        buf[j + k] = (byte) (v >>> (8 * k));
                    }
                }
                out.write(buf);
            }
        }
    }

    private static void result(String workload, String target, double score, double error) {
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%f\t%f\t%s%n", workload, target, score, error, "MB/s");
    }
}
