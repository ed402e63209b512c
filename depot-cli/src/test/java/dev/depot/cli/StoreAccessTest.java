package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the tool opens a store. The program's depot-state.json (which store each prefix uses) is
 * Depot's trigger for migrating on the next start: looking at another store with the tool must
 * neither migrate nor change it. And a store a program is running on stays the program's.
 */
class StoreAccessTest {
    @TempDir
    Path dir;

    @Test
    void lookingAtAnotherStoreNeitherMigratesNorTouchesTheStateFile() throws IOException {
        Path session = dir.resolve("session");
        Map<String, String> env = Map.of("DEPOT_SESSION_DIR", session.toString());
        String programStore = Cli.storeUrl(dir.resolve("a"));
        String otherStore = Cli.storeUrl(dir.resolve("b"));
        assertThat(Cli.run(env, "--url", programStore, "demo").exitCode()).isZero();
        Path stateFile = session.resolve("depot-state.json");
        assertThat(stateFile).exists();
        byte[] state = Files.readAllBytes(stateFile);

        Cli.Result info = Cli.run(env, "--url", otherStore, "info");
        Cli.Result put = Cli.run(env, "--url", otherStore, "put", "notes", "k", "v");

        assertThat(info.exitCode()).as(info.all()).isEqualTo(1);
        assertThat(info.err()).contains("nothing is there");
        assertThat(put.exitCode()).as(put.all()).isZero();
        assertThat(Cli.run(env, "--url", otherStore, "maps").out()).isEqualTo("notes\n");
        assertThat(Files.readAllBytes(stateFile)).isEqualTo(state);

        Cli.Result again = Cli.run(env, "--url", programStore, "demo");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("This is run #2").doesNotContain("notes");
    }

    @Test
    void migrateFromInTheEnvironmentIsIgnoredByTheTool() {
        String source = Cli.storeUrl(dir.resolve("source"));
        assertThat(Cli.run("--url", source, "put", "notes", "k", "v").exitCode()).isZero();

        Cli.Result r = Cli.run(Map.of("DEPOT_MIGRATE_FROM", source), "--url", Cli.storeUrl(dir.resolve("target")), "maps");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("nothing is there");
        assertThat(dir.resolve("target")).doesNotExist();
    }

    @Test
    void inspectingAMistypedPathSaysNothingIsThereAndCreatesNothing() {
        Path typo = dir.resolve("depot-dta").resolve("depot.db");
        for (String command : new String[] {"info", "maps", "dump notes", "get notes k"}) {
            String[] args = ("--url sqlite:" + typo + " " + command).split(" ");
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as(command + ": " + r.all()).isEqualTo(1);
            assertThat(r.err()).as(command).contains("nothing is there").contains(typo.toString());
        }
        assertThat(dir.resolve("depot-dta")).doesNotExist();
    }

    @Test
    void inspectingAPrefixThatWasNeverUsedSaysSo() {
        String url = Cli.storeUrl(dir);
        assertThat(Cli.run("--url", url, "put", "notes", "k", "v").exitCode()).isZero();
        Cli.Result r = Cli.run("--url", url, "--prefix", "other", "info");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("nothing is there").contains("prefix 'other'");
    }

    @Test
    void theToolLooksAtAStoreWhileAProgramRunsOnIt() {
        String url = Cli.storeUrl(dir);
        try (dev.depot.Depot program = dev.depot.Depot.open(url)) {
            program.map("notes", dev.depot.Codec.STRING, dev.depot.Codec.STRING).put("k", "v");

            Cli.Result get = Cli.run("--url", url, "get", "notes", "k");
            Cli.Result put = Cli.run("--url", url, "put", "notes", "k2", "v2");
            Cli.Result demo = Cli.run("--url", url, "demo");

            assertThat(get.exitCode()).as(get.all()).isZero();
            assertThat(get.out()).isEqualTo("v\n");
            assertThat(put.exitCode()).as(put.all()).isZero();
            assertThat(program.map("notes", dev.depot.Codec.STRING, dev.depot.Codec.STRING).get("k2")).isEqualTo("v2");
            assertThat(demo.exitCode()).as("demo takes the lease like a program: " + demo.all()).isEqualTo(4);
            assertThat(demo.err()).startsWith("depot demo: ").hasLineCount(1);
        }
    }

    @Test
    void aMemoryStoreHeldByARunningProgramIsReportedAsLocked() {
        String url = "memory:" + dir.resolve("held");
        try (dev.depot.Depot program = dev.depot.Depot.open(url)) {
            program.map("notes", dev.depot.Codec.STRING, dev.depot.Codec.STRING).put("k", "v");

            Cli.Result r = Cli.run("--url", url, "info");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(4);
            assertThat(r.err()).startsWith("depot info: ").hasLineCount(1);
        }
        assertThat(Cli.run("--url", url, "get", "notes", "k").out()).isEqualTo("v\n");
    }

    @Test
    void demoMovesItsDataToANewStoreLikeAnyProgram() {
        Map<String, String> env = Map.of("DEPOT_SESSION_DIR", dir.resolve("session").toString());
        assertThat(Cli.run(env, "--url", Cli.storeUrl(dir.resolve("old")), "demo").exitCode()).isZero();

        Cli.Result moved = Cli.run(env, "--url", Cli.storeUrl(dir.resolve("new")), "demo");

        assertThat(moved.exitCode()).as(moved.all()).isZero();
        assertThat(moved.out()).contains("This is run #2").contains("#1 Ada Lovelace");
    }
}
