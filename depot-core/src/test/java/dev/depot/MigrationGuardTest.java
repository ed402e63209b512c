package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration never silently copies less than was recorded, and never moves data into a store
 * that keeps nothing: each case fails before anything is written to the target.
 */
class MigrationGuardTest {
    @TempDir
    Path tmp;

    /** A Depot on {@code url} that keeps its session state in {@code session}. */
    private static Depot openWithSession(String url, Path session) {
        return Depot.open(DepotConfig.builder().url(url).sessionDir(session).build());
    }

    @Test
    void memoryWithoutAFolderOfItsOwnKeepsItsSnapshotInTheSessionFolder() {
        Path session = tmp.resolve("session");
        String sqliteLike = "memory:" + tmp.resolve("first");
        try (Depot d = openWithSession(sqliteLike, session)) {
            d.map("chats", Codec.LONG, Codec.STRING).put(1L, "one");
        }
        try (Depot d = openWithSession("memory:", session)) {
            assertThat(d.map("chats", Codec.LONG, Codec.STRING).get(1L)).isEqualTo("one");
            d.map("chats", Codec.LONG, Codec.STRING).put(2L, "written on memory:");
        }
        assertThat(session.resolve("depot-memory-depot.snapshot")).exists();
        // The next switch finds memory:'s data in the session folder and moves it on.
        try (Depot d = openWithSession("memory:" + tmp.resolve("third"), session)) {
            assertThat(d.map("chats", Codec.LONG, Codec.STRING)).containsEntry(1L, "one").containsEntry(2L, "written on memory:");
        }
    }

    @Test
    void recordedMapsMissingFromTheSourceStopTheMigrationBeforeAnyWrite() throws Exception {
        Path session = tmp.resolve("session");
        Files.createDirectories(session);
        String emptySource = "memory:" + tmp.resolve("wrong-folder");
        Files.writeString(session.resolve("depot-state.json"), """
                {"version":1,"prefixes":{"depot":{"store":"%s","hadPassword":false,"maps":["chats","peers","cursor"],"updated":"x"}}}"""
                .formatted(emptySource));
        String target = "memory:" + tmp.resolve("target");
        assertThatThrownBy(() -> openWithSession(target, session))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("chats, peers, cursor").hasMessageContaining(emptySource)
                .hasMessageContaining("Nothing was copied").hasMessageContaining("remove prefix 'depot'");
        try (Depot d = Depot.open(DepotConfig.builder().url(target).autoMigrate(false).build())) {
            assertThat(d.maps()).isEmpty();
        }
        assertThat(Files.readString(session.resolve("depot-state.json"))).contains(emptySource);
    }

    @Test
    void oneRecordedMapMissingIsRefusedToo() throws Exception {
        Path session = tmp.resolve("session");
        String source = "memory:" + tmp.resolve("source");
        try (Depot d = openWithSession(source, session)) {
            d.map("chats", Codec.LONG, Codec.STRING).put(1L, "one");
            d.map("peers", Codec.LONG, Codec.STRING).put(1L, "alice");
        }
        Path state = session.resolve("depot-state.json");
        String recorded = Files.readString(state);
        assertThat(recorded).contains("\"peers\"");
        Files.writeString(state, recorded.replace("\"peers\"", "\"peers\", \"settings\""));
        String target = "memory:" + tmp.resolve("target");
        assertThatThrownBy(() -> openWithSession(target, session))
                .isInstanceOf(MigrationException.class).hasMessageContaining("1 of the 3 maps").hasMessageContaining("settings")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("chats"));
        try (Depot d = Depot.open(DepotConfig.builder().url(target).autoMigrate(false).build())) {
            assertThat(d.maps()).isEmpty();
        }
    }

    @Test
    void migrateFromASourceThatHoldsNothingIsAnError() {
        String nothing = "memory:" + tmp.resolve("nothing-here");
        String target = "memory:" + tmp.resolve("target");
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(target).migrateFrom(nothing).build()))
                .isInstanceOf(MigrationException.class).hasMessageContaining(nothing).hasMessageContaining("holds no maps")
                .hasMessageContaining("remove migrateFrom");
    }

    @Test
    void movingDataIntoMemoryWithoutAFolderIsRefusedUnlessAllowed() {
        String source = "memory:" + tmp.resolve("source");
        try (Depot d = Depot.open(source)) {
            d.map("chats", Codec.LONG, Codec.STRING).put(1L, "one");
        }
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("memory:").migrateFrom(source).build()))
                .isInstanceOf(MigrationException.class).hasMessageContaining("keeps nothing after close")
                .hasMessageContaining("allowEphemeralTarget").hasMessageContaining("DEPOT_ALLOW_EPHEMERAL");
        try (Depot d = Depot.open(DepotConfig.builder().url("memory:").migrateFrom(source).allowEphemeralTarget(true).build())) {
            assertThat(d.map("chats", Codec.LONG, Codec.STRING).get(1L)).isEqualTo("one");
        }
        try (Depot d = Depot.open(source)) {
            assertThat(d.map("chats", Codec.LONG, Codec.STRING).get(1L)).isEqualTo("one");
        }
    }
}
