package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MigrationProgress;
import dev.depot.internal.blob.BlobStores;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.GeneratedBytes;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob migrations with S3 on either side, each SIGKILLed three times during a copy of 2,000
 * objects: filesystem → S3, S3 → filesystem, and a bucket on one s3proxy → a bucket on another.
 * Each run resumes after the last checkpoint; the last finishes with every object equal (bytes,
 * checksum, type, cache control, access, metadata) and the source unchanged.
 */
@S3ProxyTest
class S3BlobMigrationCrashTest {
    private static final int OBJECTS = 2_000;

    @TempDir
    Path dir;
    private S3Proxy a;
    private S3Proxy b;

    @BeforeEach
    void start() {
        a = S3ProxyServers.shared();
        b = S3ProxyServers.start();
    }

    @AfterEach
    void stop() {
        b.close();
    }

    @Test
    void filesystemToS3() throws Exception {
        killThreeTimesThenFinish("file:" + dir.resolve("media"), b.url(b.newBucket("to")));
    }

    @Test
    void s3ToFilesystem() throws Exception {
        killThreeTimesThenFinish(a.url(a.newBucket("from")), "file:" + dir.resolve("media"));
    }

    @Test
    void bucketToBucketOnAnotherS3Proxy() throws Exception {
        killThreeTimesThenFinish(a.url(a.newBucket("from")), b.url(b.newBucket("to")));
    }

    private void killThreeTimesThenFinish(String from, String to) throws Exception {
        String session = dir.resolve("session").toString();
        String maps = "sqlite:" + dir.resolve("maps.db");
        BlobStore source = BlobStores.open(from, DepotConfig.builder().build());
        try {
            fill(source);
            List<BlobInfo> before = all(source);
            assertThat(before).hasSize(OBJECTS);

            Random random = new Random();
            long lastCheckpointed = 0;
            for (int kill = 1; kill <= 3; kill++) {
                try (ChildJvm child = ChildJvm.start(BlobMigrationChild.class, session, maps, from, to)) {
                    String first = child.awaitLine("PAGE ", Duration.ofSeconds(180));
                    long[] p = page(first);
                    assertThat(p[0] - p[1]).as("resumed copy, kill %d", kill).isGreaterThanOrEqualTo(lastCheckpointed);
                    long target = p[0] + 200 + random.nextInt(200);
                    String line = first;
                    while (page(line)[0] < target) {
                        line = child.awaitLine("PAGE ", Duration.ofSeconds(180));
                    }
                    Thread.sleep(random.nextInt(50)); // inside a page, between checkpoints
                    child.kill();
                    for (String l : child.output().split("\n")) {
                        if (l.startsWith("PAGE ")) {
                            lastCheckpointed = Math.max(lastCheckpointed, page(l)[0]);
                        }
                    }
                    assertThat(child.output()).doesNotContain("DONE");
                }
            }
            assertThat(lastCheckpointed).isLessThan(OBJECTS);

            List<MigrationProgress> progress = new ArrayList<>();
            try (Depot depot = Depot.open(BlobMigrationChild.config(session, maps, to).migrateBlobsFrom(from)
                    .migrationListener(progress::add).build())) {
                assertThat(progress.get(0).copied() - progress.get(0).copiedThisRun())
                        .isGreaterThanOrEqualTo(lastCheckpointed);
                assertThat(progress.get(progress.size() - 1).mapDone()).isTrue();
                List<BlobInfo> after = all(depot.blobs());
                assertThat(after).hasSize(OBJECTS);
                for (int i = 0; i < OBJECTS; i++) {
                    BlobInfo want = before.get(i);
                    BlobInfo have = after.get(i);
                    assertThat(have.key()).isEqualTo(want.key());
                    assertThat(have.size()).as(want.key()).isEqualTo(want.size());
                    assertThat(have.sha256()).as(want.key()).isNotNull().isEqualTo(want.sha256());
                    assertThat(have.options()).as(want.key()).isEqualTo(want.options());
                }
                for (BlobInfo info : after) {
                    assertThat(dev.depot.testkit.BlobStoreContractTests.sha256(depot.blobs().open(info.key()))).as(info.key())
                            .isEqualTo(info.sha256());
                }
            }
            assertThat(all(source)).as("the source is untouched").isEqualTo(before);
        } finally {
            BlobStores.close(source);
        }
    }

    private static long[] page(String line) {
        String[] parts = line.split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }

    private static void fill(BlobStore store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                int n = i;
                puts.add(pool.submit(() -> {
                    long size = (n * 7919L) % 20_000;
                    BlobOptions o = (n % 3 == 0 ? BlobOptions.privateRead() : BlobOptions.publicRead())
                            .contentType(n % 2 == 0 ? "image/jpeg" : "audio/ogg").cacheControl("max-age=" + n)
                            .metadata("n", "" + n);
                    store.put("accounts/" + (n % 13) + "/media/" + n + ".bin", GeneratedBytes.stream(size, n), size, o);
                }));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<BlobInfo> all(BlobStore store) {
        try (Stream<BlobInfo> s = store.list("", null)) {
            return s.toList();
        }
    }
}
