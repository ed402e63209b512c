package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.MigrationProgress;
import dev.depot.testkit.BlobStoreContractTests;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.GeneratedBytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The steps of the blob migration crash tests, whatever the stores: fill the source, run
 * {@link BlobMigrationChild} and SIGKILL it three times during the copy, then finish in this JVM
 * and compare every object: a migration from blob URL {@code from} to {@code to}, its checkpoint
 * in the map store {@code maps}, the child's session folder {@code session}.
 */
record BlobMigrationKills(String session, String maps, String from, String to) {

    /** Writes {@code objects} objects of up to {@code maxSize} bytes with mixed types, access, cache control and metadata. */
    static void fill(BlobStore store, int objects, long maxSize) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                int n = i;
                puts.add(pool.submit(() -> {
                    long size = (n * 7919L) % maxSize;
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

    static List<BlobInfo> all(BlobStore store) {
        try (Stream<BlobInfo> s = store.list("", null)) {
            return s.toList();
        }
    }

    /**
     * Starts the copy three times and kills each run between {@code step} and {@code step + spread}
     * objects after where it began, at a random moment inside a page; every run after the first
     * must begin where the last one's checkpoint left off, not at 0.
     *
     * @return the most objects a killed run reported checkpointed
     */
    long killThreeTimes(int step, int spread, Duration wait) throws Exception {
        Random random = new Random();
        long lastCheckpointed = 0;
        for (int kill = 1; kill <= 3; kill++) {
            try (ChildJvm child = ChildJvm.start(BlobMigrationChild.class, session, maps, from, to)) {
                String first = child.awaitLine("PAGE ", wait);
                long[] p = page(first);
                assertThat(p[0] - p[1]).as("resumed copy, kill %d", kill).isGreaterThanOrEqualTo(lastCheckpointed);
                long target = p[0] + step + random.nextInt(spread);
                String line = first;
                while (page(line)[0] < target) {
                    line = child.awaitLine("PAGE ", wait);
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
        return lastCheckpointed;
    }

    /**
     * Runs the copy to its end here: it resumes at or after {@code lastCheckpointed}, finishes, and
     * the target holds {@code before}'s objects with their bytes, checksums, types, cache control,
     * access and metadata.
     */
    void finishAndCompare(List<BlobInfo> before, long lastCheckpointed) {
        List<MigrationProgress> progress = new ArrayList<>();
        try (Depot depot = Depot.open(BlobMigrationChild.config(session, maps, to).migrateBlobsFrom(from)
                .migrationListener(progress::add).build())) {
            assertThat(progress.get(0).copied() - progress.get(0).copiedThisRun()).isGreaterThanOrEqualTo(lastCheckpointed);
            assertThat(progress.get(progress.size() - 1).mapDone()).isTrue();
            List<BlobInfo> after = all(depot.blobs());
            assertThat(after).hasSize(before.size());
            for (int i = 0; i < before.size(); i++) {
                BlobInfo want = before.get(i);
                BlobInfo have = after.get(i);
                assertThat(have.key()).isEqualTo(want.key());
                assertThat(have.size()).as(want.key()).isEqualTo(want.size());
                assertThat(have.sha256()).as(want.key()).isNotNull().isEqualTo(want.sha256());
                assertThat(have.options()).as(want.key()).isEqualTo(want.options());
            }
            for (BlobInfo info : after) {
                assertThat(BlobStoreContractTests.sha256(depot.blobs().open(info.key()))).as(info.key()).isEqualTo(info.sha256());
            }
        }
    }

    private static long[] page(String line) {
        String[] parts = line.split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }
}
