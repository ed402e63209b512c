package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures: one clear line on stderr, a non-zero exit code, and never a password. */
class ErrorsTest {
    @TempDir
    Path dir;

    @Test
    void unreachableServerFailsWithoutShowingThePassword() {
        Cli.Result r = Cli.run("--url", "postgres://u:s3cret@127.0.0.1:1/db", "info");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).startsWith("depot info: ").contains("127.0.0.1");
        assertThat(r.err().lines()).as("one line, no stack trace").hasSize(1);
        assertThat(r.all()).doesNotContain("s3cret");
    }

    @Test
    void verboseStackTraceIsScrubbedOfThePasswordToo() {
        Cli.Result r = Cli.run("info", "--verbose", "--url", "postgres://u:s3cret@127.0.0.1:1/db");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("\tat ");
        assertThat(r.all()).doesNotContain("s3cret");
    }

    @Test
    void malformedUrlIsAUsageErrorWithoutThePassword() {
        Cli.Result r = Cli.run("--url", "postgres://u:s3cret@127.0.0.1:notaport/db", "maps");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("port 'notaport'");
        assertThat(r.all()).doesNotContain("s3cret");
    }

    @Test
    void badMapNameIsAClearError() {
        String url = Cli.storeUrl(dir);
        for (String command : new String[] {"get", "delete", "dump", "put"}) {
            String[] args = command.equals("put")
                    ? new String[] {"--url", url, command, "no-such/map", "k", "v"}
                    : command.equals("dump")
                            ? new String[] {"--url", url, command, "no-such/map"}
                            : new String[] {"--url", url, command, "no-such/map", "k"};

            Cli.Result r = Cli.run(args);

            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.err().trim()).as(command)
                    .isEqualTo("depot " + command + ": 'no-such/map' is not a valid map name: use letters, digits and _ only");
        }
        assertThat(Cli.run("--url", url, "maps").out()).isEmpty();
    }

    @Test
    void tooLongMapNameIsRefusedByTheStore() {
        Cli.Result r = Cli.run("--url", Cli.storeUrl(dir), "put", "m".repeat(300), "k", "v");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("depot put: ").doesNotContain("\tat ");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Result r = Cli.run("dumb");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument").contains("dump").contains("--help");
    }

    @Test
    void missingArgumentIsAUsageError() {
        Cli.Result r = Cli.run("--url", Cli.storeUrl(dir), "get", "users");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'KEY'");
    }

    @Test
    void unknownStoreSchemeNamesTheInstalledOnes() {
        Cli.Result r = Cli.run("--url", "nosuchstore://u:pw123@h/db", "info");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nosuchstore").contains("memory", "sqlite", "redis");
        assertThat(r.all()).doesNotContain("pw123");
    }

    @Test
    void helpListsEveryCommand() {
        Cli.Result r = Cli.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("demo", "info", "maps", "get", "put", "delete", "dump", "--url", "--prefix");
    }
}
