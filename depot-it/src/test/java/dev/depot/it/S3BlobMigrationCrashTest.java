package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import dev.depot.internal.blob.BlobStores;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.GeneratedBytes;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        BlobStore source = BlobStores.open(from, DepotConfig.builder().build());
        try {
            BlobMigrationKills.fill(source, OBJECTS, 20_000);
            List<BlobInfo> before = BlobMigrationKills.all(source);
            assertThat(before).hasSize(OBJECTS);

            BlobMigrationKills run = new BlobMigrationKills(dir.resolve("session").toString(),
                    "sqlite:" + dir.resolve("maps.db"), from, to);
            long lastCheckpointed = run.killThreeTimes(200, 200, Duration.ofSeconds(180));
            assertThat(lastCheckpointed).isLessThan(OBJECTS);
            run.finishAndCompare(before, lastCheckpointed);
            assertThat(BlobMigrationKills.all(source)).as("the source is untouched").isEqualTo(before);
        } finally {
            BlobStores.close(source);
        }
    }
}
