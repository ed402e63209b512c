package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import dev.depot.MigrationProgress;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.GeneratedBytes;
import dev.depot.testkit.junit.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        String from = "file:" + dir.resolve("a");
        String to = "file:" + dir.resolve("b");
        BlobStore source = BlobStore.open(from, DepotConfig.builder().build());
        BlobMigrationKills.fill(source, OBJECTS, 60_000);
        List<BlobInfo> before = BlobMigrationKills.all(source);

        BlobMigrationKills run = new BlobMigrationKills(dir.resolve("session").toString(), "sqlite:" + dir.resolve("maps.db"),
                from, to);
        long lastCheckpointed = run.killThreeTimes(60, 120, Duration.ofSeconds(120));
        assertThat(lastCheckpointed).isLessThan(OBJECTS);
        run.finishAndCompare(before, lastCheckpointed);

        assertThat(BlobMigrationKills.all(source)).isEqualTo(before); // the source is untouched
        assertThat(Files.readString(dir.resolve("session/depot-state.json"))).contains("\"blobStore\" : \"" + to + "\"");
    }
}
