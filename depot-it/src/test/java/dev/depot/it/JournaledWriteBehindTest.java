package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapOptions;
import dev.depot.SessionLockedException;
import dev.depot.WriteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journaled write-behind as a user meets it on the embedded default: what it needs, and what it refuses. */
class JournaledWriteBehindTest {
    private static final MapOptions JOURNALED = MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND_JOURNALED)
            .withFlushInterval(Duration.ofHours(1)); // nothing flushes by itself: only the journal keeps the writes

    @TempDir
    Path tmp;

    private DepotConfig config(Path session) {
        return DepotConfig.builder().url("sqlite:" + tmp.resolve("j.db")).sessionDir(session).sharedAccess(true).build();
    }

    @Test
    void writesReturnBeforeTheStoreHasThemAndAreInTheStoreAfterClose() throws Exception {
        Path session = tmp.resolve("session");
        try (Depot depot = Depot.open(config(session))) {
            DbMap<String, String> m = depot.map("m", Codec.STRING, Codec.STRING, JOURNALED);
            m.put("a", "1");
            m.put("b", "2");
            m.remove("a");
            assertThat(m.get("b")).isEqualTo("2");
            try (Depot other = Depot.open(config(tmp.resolve("other-session")))) {
                assertThat(other.map("m", Codec.STRING, Codec.STRING).get("b")).as("not flushed yet").isNull();
            }
        }
        try (Depot other = Depot.open(config(tmp.resolve("other-session")))) {
            DbMap<String, String> m = other.map("m", Codec.STRING, Codec.STRING);
            assertThat(m.get("b")).isEqualTo("2");
            assertThat(m.containsKey("a")).isFalse();
        }
        try (var segments = Files.list(session.resolve("journal").resolve("depot").resolve("m"))) {
            assertThat(segments.filter(f -> f.toString().endsWith(".log")).mapToLong(f -> f.toFile().length()).sum())
                    .as("bytes left in the journal after a clean close").isZero();
        }
    }

    @Test
    void aJournaledMapNeedsASessionFolder() {
        DepotConfig noFolder = DepotConfig.builder().url("sqlite:" + tmp.resolve("j.db")).build();
        assertThat(DepotConfig.DEFAULT_SESSION_DIR).as("no ./depot-data in the test's working folder, so no session folder")
                .doesNotExist();
        try (Depot depot = Depot.open(noFolder)) {
            assertThatThrownBy(() -> depot.map("m", Codec.STRING, Codec.STRING, JOURNALED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("session folder").hasMessageContaining("sessionDir");
        }
    }

    @Test
    void twoProcessesCannotShareOneJournal() {
        Path session = tmp.resolve("session");
        try (Depot first = Depot.open(config(session)); Depot second = Depot.open(config(session))) {
            first.map("m", Codec.STRING, Codec.STRING, JOURNALED).put("k", "v");
            assertThatThrownBy(() -> second.map("m", Codec.STRING, Codec.STRING, JOURNALED))
                    .isInstanceOf(SessionLockedException.class)
                    .hasMessageContaining("write-behind journal of map 'm'");
        }
    }
}
