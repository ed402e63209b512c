package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration between two memory stores with snapshot folders: the store-neutral parts. */
class MigrationTest {
    record Note(String text, int stars) {}

    @TempDir
    Path tmp;

    private Map<Long, Note> fill(Depot d, int n) {
        DbMap<Long, Note> notes = d.map("notes", Codec.LONG, Codec.json(Note.class));
        Map<Long, Note> expected = new HashMap<>();
        for (long i = 0; i < n; i++) {
            expected.put(i, new Note("note " + i, (int) (i % 5)));
        }
        notes.putAll(expected);
        d.value("cursor", Codec.STRING).set("abc");
        return expected;
    }

    @Test
    void explicitMigrationCopiesEveryMapOnceAndLeavesTheSource() {
        String a = "memory:" + tmp.resolve("a");
        String b = "memory:" + tmp.resolve("b");
        Map<Long, Note> expected;
        try (Depot d = Depot.open(a)) {
            expected = fill(d, 2_500);
        }
        List<MigrationProgress> events = new ArrayList<>();
        try (Depot d = Depot.open(DepotConfig.builder().url(b).migrateFrom(a).pageSize(1000).migrationListener(events::add).build())) {
            assertThat(d.map("notes", Codec.LONG, Codec.json(Note.class))).isEqualTo(expected);
            assertThat(d.value("cursor", Codec.STRING).get()).isEqualTo("abc");
            d.map("notes", Codec.LONG, Codec.json(Note.class)).put(9_999L, new Note("written after", 1));
        }
        assertThat(events).anySatisfy(e -> {
            assertThat(e.map()).isEqualTo("notes");
            assertThat(e.mapDone()).isTrue();
            assertThat(e.copied()).isEqualTo(2_500);
        });
        assertThat(events.stream().filter(e -> e.map().equals("notes") && !e.mapDone()).count()).isGreaterThanOrEqualTo(3);
        // Reopening with migrateFrom still set must not copy again over newer writes.
        try (Depot d = Depot.open(DepotConfig.builder().url(b).migrateFrom(a).build())) {
            assertThat(d.map("notes", Codec.LONG, Codec.json(Note.class)).get(9_999L)).isEqualTo(new Note("written after", 1));
        }
        try (Depot d = Depot.open(a)) {
            assertThat(d.map("notes", Codec.LONG, Codec.json(Note.class))).isEqualTo(expected);
        }
    }

    @Test
    void changingTheUrlMigratesByItselfThroughTheSessionFolder() throws Exception {
        Path session = tmp.resolve("session");
        String a = "memory:" + tmp.resolve("a");
        String b = "memory:" + tmp.resolve("b");
        Map<Long, Note> expected;
        try (Depot d = Depot.open(DepotConfig.builder().url(a).sessionDir(session).build())) {
            expected = fill(d, 300);
        }
        assertThat(Files.readString(session.resolve("depot-state.json"))).contains(a);
        try (Depot d = Depot.open(DepotConfig.builder().url(b).sessionDir(session).dropSourceAfterMigration(true).build())) {
            assertThat(d.map("notes", Codec.LONG, Codec.json(Note.class))).isEqualTo(expected);
        }
        assertThat(Files.readString(session.resolve("depot-state.json"))).contains(b).doesNotContain(a);
        try (Depot d = Depot.open(a)) {
            assertThat(d.maps()).isEmpty();
        }
        // And back again.
        try (Depot d = Depot.open(DepotConfig.builder().url(a).sessionDir(session).build())) {
            assertThat(d.map("notes", Codec.LONG, Codec.json(Note.class))).isEqualTo(expected);
        }
    }

    @Test
    void aRecordedStoreWithAPasswordNeedsMigrateFrom() throws Exception {
        Path session = tmp.resolve("session");
        Files.createDirectories(session);
        Files.writeString(session.resolve("depot-state.json"), """
                {"version":1,"prefixes":{"depot":{"store":"postgres://app@db/app","hadPassword":true,"maps":[],"updated":"x"}}}""");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("memory:").sessionDir(session).build()))
                .isInstanceOf(MigrationException.class).hasMessageContaining("postgres://app@db/app")
                .hasMessageContaining("DEPOT_MIGRATE_FROM");
    }

    @Test
    void codecConflictInTheTargetStopsTheMigration() {
        String a = "memory:" + tmp.resolve("a");
        String b = "memory:" + tmp.resolve("b");
        try (Depot d = Depot.open(a)) {
            d.map("m", Codec.LONG, Codec.STRING).put(1L, "x");
        }
        try (Depot d = Depot.open(b)) {
            d.map("m", Codec.STRING, Codec.STRING).put("k", "keep");
        }
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(b).migrateFrom(a).build()))
                .isInstanceOf(MigrationException.class).hasMessageContaining("'m'");
        try (Depot d = Depot.open(b)) {
            assertThat(d.map("m", Codec.STRING, Codec.STRING)).containsExactly(Map.entry("k", "keep"));
        }
    }
}
