package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Depot's JFR events, read back from a recording taken during the test, on SQLite. */
class JfrEventsTest {
    @TempDir
    Path dir;

    /** Runs {@code work} under a recording of Depot's events; returns those of this test's store file. */
    private List<RecordedEvent> record(String file, Runnable work) throws Exception {
        Path out = dir.resolve(file + ".jfr");
        try (Recording r = new Recording()) {
            r.enable("dev.depot.SlowStoreCall");
            r.enable("dev.depot.Migration");
            r.enable("dev.depot.LeaseChange");
            r.start();
            work.run();
            r.stop();
            r.dump(out);
        }
        return RecordingFile.readAllEvents(out).stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.depot."))
                .filter(e -> (e.hasField("store") && e.getString("store").contains(file))
                        || (e.hasField("target") && e.getString("target").contains(file)))
                .toList();
    }

    private DepotConfig.Builder config(String file) {
        return DepotConfig.builder().url("sqlite:" + dir.resolve(file)).sessionDir(dir.resolve("session-" + file));
    }

    private static void tenPuts(Depot depot) {
        DbMap<Long, String> m = depot.map("notes", Codec.LONG, Codec.STRING);
        for (long i = 0; i < 10; i++) {
            m.put(i, "v" + i);
        }
    }

    @Test
    void aZeroThresholdRecordsEveryStoreCallAsSlow() throws Exception {
        List<RecordedEvent> events = record("zero.db", () -> {
            try (Depot depot = Depot.open(config("zero.db").slowCallThreshold(Duration.ZERO).build())) {
                tenPuts(depot);
            }
        });
        List<RecordedEvent> puts = events.stream().filter(e -> e.getEventType().getName().equals("dev.depot.SlowStoreCall"))
                .filter(e -> e.getString("map").equals("notes") && e.getString("operation").equals("put")).toList();
        assertThat(puts).hasSize(10);
        assertThat(puts).allSatisfy(e -> {
            assertThat(e.getLong("took")).isPositive();
            assertThat(e.getBoolean("failed")).isFalse();
        });
    }

    @Test
    void atTheDefaultThresholdFastCallsRecordNothing() throws Exception {
        List<RecordedEvent> events = record("default.db", () -> {
            try (Depot depot = Depot.open(config("default.db").build())) {
                assertThat(depot.config().slowCallThreshold()).isEqualTo(Duration.ofMillis(100));
                tenPuts(depot);
            }
        });
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals("dev.depot.SlowStoreCall"))).isEmpty();
        // the lease events of the same run are there: the recording worked
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals("dev.depot.LeaseChange"))
                .map(e -> e.getString("change"))).containsExactly("ACQUIRED", "RELEASED");
    }

    @Test
    void aMigrationRecordsOneEventPerMap() throws Exception {
        try (Depot source = Depot.open(config("src.db").build())) {
            tenPuts(source);
            DbMap<String, String> other = source.map("other", Codec.STRING, Codec.STRING);
            other.put("a", "1");
            other.put("b", "2");
        }
        List<RecordedEvent> events = record("dst.db", () -> {
            try (Depot target = Depot.open(config("dst.db").migrateFrom("sqlite:" + dir.resolve("src.db")).build())) {
                assertThat(target.map("notes", Codec.LONG, Codec.STRING)).hasSize(10);
            }
        });
        List<RecordedEvent> migrations = events.stream().filter(e -> e.getEventType().getName().equals("dev.depot.Migration"))
                .toList();
        assertThat(migrations).extracting(e -> e.getString("map") + "=" + e.getLong("entries"))
                .containsExactlyInAnyOrder("notes=10", "other=2");
        assertThat(migrations).allSatisfy(e -> {
            assertThat(e.getString("source")).contains("src.db");
            assertThat(e.getLong("took")).isPositive();
        });
    }
}
