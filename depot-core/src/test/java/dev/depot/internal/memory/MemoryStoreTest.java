package dev.depot.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryStoreTest {
    @TempDir
    Path dir;

    private Path snapshot() {
        return dir.resolve("depot-memory-depot.snapshot");
    }

    @Test
    void periodicSnapshotKeepsDataWithoutClose() throws Exception {
        Depot first = Depot.open(DepotConfig.builder().url("memory:" + dir).snapshotInterval(Duration.ofMillis(100)).sharedAccess(true).build());
        first.map("m", Codec.STRING, Codec.STRING).put("k", "v");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String seen = null;
        while (seen == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
            if (Files.exists(snapshot())) {
                // A second instance reads what a crash would leave: the last periodic snapshot.
                try (Depot reader = Depot.open(DepotConfig.builder().url("memory:" + dir).snapshotInterval(Duration.ZERO).sharedAccess(true).build())) {
                    seen = reader.map("m", Codec.STRING, Codec.STRING).get("k");
                }
            }
        }
        assertThat(seen).isEqualTo("v");
        first.close();
    }

    @Test
    void temporaryFilesOfAKilledWriterAreRemovedByTheNextOwner() throws Exception {
        try (Depot depot = Depot.open("memory:" + dir)) {
            depot.map("m", Codec.STRING, Codec.STRING).put("k", "v");
        }
        // What a process killed between creating and renaming its snapshot leaves behind.
        Path leftover = Files.writeString(dir.resolve("depot-memory-depot.snapshot.12345.tmp"), "half a snapshot");
        Path unrelated = Files.writeString(dir.resolve("notes.tmp"), "the user's");
        try (Depot depot = Depot.open("memory:" + dir)) {
            assertThat(depot.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
            assertThat(leftover).doesNotExist();
            assertThat(unrelated).exists();
        }
    }

    @Test
    void mapsNotOpenedInASessionAreKept() {
        try (Depot d = Depot.open("memory:" + dir)) {
            d.map("a", Codec.STRING, Codec.STRING).put("1", "a");
            d.map("b", Codec.LONG, Codec.STRING).put(2L, "b");
        }
        try (Depot d = Depot.open("memory:" + dir)) {
            d.map("a", Codec.STRING, Codec.STRING).put("3", "c");
        }
        try (Depot d = Depot.open("memory:" + dir)) {
            assertThat(d.map("b", Codec.LONG, Codec.STRING)).containsExactly(Map.entry(2L, "b"));
            assertThat(d.map("a", Codec.STRING, Codec.STRING)).hasSize(2);
        }
    }

    @Test
    void damagedSnapshotIsReportedNotReplaced() throws Exception {
        try (Depot d = Depot.open("memory:" + dir)) {
            d.map("a", Codec.STRING, Codec.STRING).put("k", "v".repeat(100));
        }
        byte[] bytes = Files.readAllBytes(snapshot());
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(snapshot(), bytes);
        assertThatThrownBy(() -> Depot.open("memory:" + dir)).isInstanceOf(DepotException.class)
                .hasMessageContaining(snapshot().toString()).hasMessageContaining("left in place");
        assertThat(Files.readAllBytes(snapshot())).isEqualTo(bytes);
    }

    @Test
    void withoutAFolderNothingIsWritten() throws Exception {
        try (Depot d = Depot.open("memory:")) {
            d.map("a", Codec.STRING, Codec.STRING).put("k", "v");
        }
        try (Depot d = Depot.open("memory:")) {
            assertThat(d.map("a", Codec.STRING, Codec.STRING)).isEmpty();
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void parametersAreRefusedNotIgnored() {
        assertThatThrownBy(() -> Depot.open("memory:?preparedStatements=false")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memory").hasMessageContaining("preparedStatements");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("memory:").storeParam("snapshotEvery", "5s").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshotEvery");
    }
}
