package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.StoreUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The handler's own guarantees, for messages that do not come from Depot and so are not masked. */
class OneLineErrorHandlerTest {
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.parseArgs(args);
        return cl;
    }

    @Test
    void scrubsTheConfiguredPasswordFromAForeignMessage() {
        CommandLine cl = commandLine("--url", "postgres://u:p%40ss@127.0.0.1:1/db", "info");
        OneLineErrorHandler handler = new OneLineErrorHandler(cl.getCommand());

        int code = handler.handleExecutionException(
                new IllegalStateException("driver said: bad login u/p@ss at postgres://u:p%40ss@127.0.0.1:1/db"), cl, null);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("p@ss").doesNotContain("p%40ss")
                .contains("bad login u/****").contains("(java.lang.IllegalStateException; run again with --verbose");
    }

    @Test
    void keepsOnlyTheFirstLineOfAMessage() {
        CommandLine cl = commandLine("--url", "memory:", "maps");
        OneLineErrorHandler handler = new OneLineErrorHandler(cl.getCommand());

        int code = handler.handleExecutionException(
                new StoreUnavailableException("store gone\nsecond line", null), cl, null);

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("depot: store gone" + System.lineSeparator());
    }
}
