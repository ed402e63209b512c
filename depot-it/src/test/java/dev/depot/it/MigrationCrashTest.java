package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration of 200,000 entries killed with SIGKILL at random moments, five times in a row,
 * then left to finish: the target holds exactly the source's entries and the source is untouched.
 */
@IntegrationTest
class MigrationCrashTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
    void sigkillAtRandomMomentsLosesNothing() throws Exception {
        String prefix = TestPrefixes.fresh("crash");
        String source = StoreKind.SQLITE.url(tmp, "source");
        String target = StoreKind.SQLITE.url(tmp, "target");
        Random random = new Random();
        try (Depot d = Depot.open(DepotConfig.builder().url(source).prefix(prefix).build())) {
            DbMap<Long, byte[]> m = d.map("events", Codec.LONG, Codec.BYTES);
            Map<Long, byte[]> batch = new HashMap<>();
            for (long i = 0; i < 200_000; i++) {
                byte[] v = new byte[100];
                random.nextBytes(v);
                batch.put(i, v);
                if (batch.size() == 20_000) {
                    m.putAll(batch);
                    batch.clear();
                }
            }
            d.map("names", Codec.STRING, Codec.STRING).put("a", "b");
        }
        String before = Digest.of(DepotConfig.builder().url(source).prefix(prefix).build());
        int kills = 0;
        while (kills < 5) {
            try (ChildJvm child = ChildJvm.start(MigrationChild.class, source, target, prefix)) {
                // Kill somewhere after the copy began: after a random number of pages.
                int pages = 1 + random.nextInt(40);
                for (int i = 0; i < pages; i++) {
                    child.awaitLine("PAGE", Duration.ofSeconds(60));
                }
                child.kill();
                kills++;
            }
            // The killed child held both leases at default settings; this process takes them over at once.
            assertThat(Digest.of(DepotConfig.builder().url(source).prefix(prefix).build())).as("source after kill %d", kills)
                    .isEqualTo(before);
        }
        try (ChildJvm child = ChildJvm.start(MigrationChild.class, source, target, prefix)) {
            child.awaitLine("DONE", Duration.ofMinutes(3));
            assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
        }
        try (Depot d = Depot.open(DepotConfig.builder().url(target).prefix(prefix).build())) {
            assertThat(d.map("events", Codec.LONG, Codec.BYTES).sizeLong()).isEqualTo(200_000);
        }
        assertThat(Digest.of(DepotConfig.builder().url(target).prefix(prefix).build())).as("target digest").isEqualTo(before);
        assertThat(Digest.of(DepotConfig.builder().url(source).prefix(prefix).build())).as("source digest").isEqualTo(before);
    }
}
