package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MigrationProgress;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.GeneratedBytes;
import dev.depot.testkit.junit.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob migration between two folders, killed with SIGKILL three times during the copy: each
 * run resumes after the last checkpoint, the last one finishes, and every object is in the new
 * folder with its bytes and metadata, the old folder unchanged, and the new store recorded.
 */
@IntegrationTest
class BlobMigrationCrashTest {
    private static final int OBJECTS = 800;

    @TempDir
    Path dir;

    @Test
    void aKilledCopyResumesAndEndsWithEveryObjectEqual() throws Exception {
        String session = dir.resolve("session").toString();
        String maps = "sqlite:" + dir.resolve("maps.db");
        String from = "file:" + dir.resolve("a");
        String to = "file:" + dir.resolve("b");
        BlobStore source = BlobStore.open(from, DepotConfig.builder().build());
        fill(source);
        List<BlobInfo> before = all(source);

        Random random = new Random();
        long lastCheckpointed = 0;
        for (int kill = 1; kill <= 3; kill++) {
            try (ChildJvm child = ChildJvm.start(BlobMigrationChild.class, session, maps, from, to)) {
                String first = child.awaitLine("PAGE ", Duration.ofSeconds(120));
                long[] p = page(first);
                // every run after the first starts where the last one's checkpoint left off, not at 0
                assertThat(p[0] - p[1]).as("resumed copy, kill %d", kill).isGreaterThanOrEqualTo(lastCheckpointed);
                long target = p[0] + 60 + random.nextInt(120);
                String line = first;
                while (page(line)[0] < target) {
                    line = child.awaitLine("PAGE ", Duration.ofSeconds(120));
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
            assertThat(progress.get(0).copied() - progress.get(0).copiedThisRun()).isGreaterThanOrEqualTo(lastCheckpointed);
            assertThat(progress.get(progress.size() - 1).mapDone()).isTrue();
            List<BlobInfo> after = all(depot.blobs());
            assertThat(after).hasSize(OBJECTS);
            for (int i = 0; i < OBJECTS; i++) {
                BlobInfo want = before.get(i);
                BlobInfo have = after.get(i);
                assertThat(have.key()).isEqualTo(want.key());
                assertThat(have.size()).as(want.key()).isEqualTo(want.size());
                assertThat(have.sha256()).as(want.key()).isEqualTo(want.sha256());
                assertThat(have.options()).as(want.key()).isEqualTo(want.options());
            }
            for (BlobInfo info : after) {
                assertThat(sha256(depot.blobs(), info.key())).as(info.key()).isEqualTo(info.sha256());
            }
        }
        assertThat(all(source)).isEqualTo(before); // the source is untouched
        assertThat(Files.readString(dir.resolve("session/depot-state.json"))).contains("\"blobStore\" : \"" + to + "\"");
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
                    long size = (n * 7919L) % 60_000;
                    BlobOptions o = (n % 3 == 0 ? BlobOptions.privateRead() : BlobOptions.publicRead())
                            .contentType(n % 2 == 0 ? "image/jpeg" : "audio/ogg").cacheControl("max-age=" + n).metadata("n", "" + n);
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

    private static String sha256(BlobStore store, String key) throws IOException {
        try (var in = store.open(key)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
