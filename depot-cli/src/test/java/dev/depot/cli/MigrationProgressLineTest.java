package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.MigrationProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress of a migration: a redrawn bar on a terminal, plain lines elsewhere (CI logs). */
class MigrationProgressLineTest {
    private static MigrationProgress at(long copied, boolean done) {
        return new MigrationProgress("a", "b", "events", 1, 1, copied, copied, 1_000, Duration.ofSeconds(1), done);
    }

    private static String run(boolean terminal) {
        StringWriter text = new StringWriter();
        MigrationProgressLine line = new MigrationProgressLine(new PrintWriter(text), terminal);
        for (long copied = 0; copied < 1_000; copied += 10) {
            line.show("events", at(copied, false), "entries", "events: done");
        }
        line.show("events", at(1_000, true), "entries", "events: done");
        return text.toString();
    }

    @Test
    void aTerminalGetsOneBarRedrawnInPlace() {
        String out = run(true);

        assertThat(out).contains("\r").contains("events [###").contains("ETA");
        // every report overwrote the one line (carriage return, no newline), ended by the summary's newline
        assertThat(out.split("\n", -1)).hasSize(2);
        assertThat(out).endsWith("\n");
        assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(101);
        assertThat(out).containsPattern("\revents: done \\(1,000 entries/s\\) *\n$"); // padded over the longer bar
    }

    @Test
    void elsewherePlainLinesOnePerTenthWithoutBarOrCarriageReturn() {
        String out = run(false);

        assertThat(out).doesNotContain("\r").doesNotContain("###");
        // 100 reports: one line per tenth of the map (0 %, 10 %, ... 90 %) and the summary.
        assertThat(out.split("\n")).hasSize(11);
        assertThat(out.split("\n")[0]).isEqualTo("events 0/1,000 (0%)  0 entries/s  ETA ?");
        assertThat(out).contains("events 500/1,000 (50%)  500 entries/s  ETA 1.0 s\n");
        assertThat(out).endsWith("events: done (1,000 entries/s)\n");
    }

    @Test
    void plainLinesAreTheDefaultWhenOutputIsNotATerminal() {
        // Tests run with output to a pipe, as in CI.
        assertThat(Terminal.stdoutIsTerminal()).isFalse();
    }
}
