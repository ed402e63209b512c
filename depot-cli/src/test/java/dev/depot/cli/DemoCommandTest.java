package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void firstRunWritesAndProvesPersistence() {
        Cli.Result r = Cli.run("demo", "--url", Cli.storeUrl(dir));

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("This is run #1 in this folder")
                .contains("Ada Lovelace")
                .contains("Everything persisted")
                .contains("depot info")
                .contains("depot dump users");
    }

    @Test
    void secondRunInTheSameFolderShowsTheFirstRunsData() {
        String url = Cli.storeUrl(dir);
        Cli.Result first = Cli.run("--url", url, "demo");
        assertThat(first.exitCode()).as(first.all()).isZero();

        Cli.Result second = Cli.run("--url", url, "demo");

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out())
                .contains("This is run #2 in this folder; the first run was at ")
                .contains("#1 Ada Lovelace <ada@example.org>")
                .contains("Alan Turing")
                .contains("Everything persisted: 2 users");
        assertThat(second.out()).doesNotContain("This is run #1");
    }

    @Test
    void demoDataIsTypedAndReadableByTheLibrary() {
        String url = Cli.storeUrl(dir);
        assertThat(Cli.run("--url", url, "demo").exitCode()).isZero();
        assertThat(Cli.run("--url", url, "demo").exitCode()).isZero();

        try (Depot depot = Depot.open(url)) {
            DbMap<Long, User> users = depot.map(DemoCommand.USERS, Codec.LONG, Codec.json(User.class));
            assertThat(users.sizeLong()).isEqualTo(2);
            assertThat(users.get(1L).name()).isEqualTo("Ada Lovelace");
            assertThat(users.get(2L).email()).isEqualTo("alan@example.org");
            assertThat(depot.map(DemoCommand.COUNTERS, Codec.STRING, Codec.LONG).get(DemoCommand.RUNS)).isEqualTo(2L);
        }
    }

    @Test
    void memoryStoreWithAFolderKeepsTheDemoDataBetweenRuns() {
        String url = "memory:" + dir.resolve("snapshots");
        assertThat(Cli.run("--url", url, "demo").exitCode()).isZero();

        Cli.Result second = Cli.run("--url", url, "demo");

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("This is run #2 in this folder").contains("#1 Ada Lovelace")
                .contains("snapshots in the folder " + dir.resolve("snapshots"));
    }

    @Test
    void demoOnAStoreThatKeepsNothingSaysSo() {
        Cli.Result r = Cli.run("--url", "memory:", "demo");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("keeps nothing after close");
    }

    @Test
    void demoWithOtherPrefixesKeepsSeparateData() {
        String url = Cli.storeUrl(dir);
        assertThat(Cli.run("--url", url, "--prefix", "alpha", "demo").exitCode()).isZero();

        Cli.Result other = Cli.run("--url", url, "--prefix", "beta", "demo");

        assertThat(other.exitCode()).as(other.all()).isZero();
        assertThat(other.out()).contains("This is run #1").contains("prefix 'beta'");
    }
}
