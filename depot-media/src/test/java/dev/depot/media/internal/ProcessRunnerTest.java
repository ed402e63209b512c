package dev.depot.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.DepotException;
import dev.depot.testkit.junit.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process runner with real processes: timeouts kill, output is bounded, a missing tool is named. */
@IntegrationTest // starts real processes (sh, sleep)
class ProcessRunnerTest {

    @Test
    void exitCodeAndOutputComeBack() {
        ProcessRunner.Result r = ProcessRunner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Map.of(),
                Duration.ofSeconds(30), "dash");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).contains("out").contains("err");
    }

    @Test
    void aToolRunningPastItsTimeoutIsKilled() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ProcessRunner.run(List.of("sleep", "30"), Map.of(), Duration.ofMillis(300), "coreutils"))
                .isInstanceOf(DepotException.class).hasMessageContaining("sleep").hasMessageContaining("longer than");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void onlyTheLastOutputIsKeptUpToTheBound() {
        ProcessRunner.Result r = ProcessRunner.run(List.of("sh", "-c", "head -c 5000000 /dev/zero; echo; echo the reason"),
                Map.of(), Duration.ofSeconds(30), "coreutils");
        assertThat(r.ok()).isTrue();
        assertThat(r.output().length()).isLessThanOrEqualTo(ProcessRunner.MAX_OUTPUT + 100);
        assertThat(r.output()).startsWith("[output truncated]");
        assertThat(r.lastLine()).isEqualTo("the reason");
    }

    @Test
    void everyLineReachesTheListenerWhetherOrNotItIsKept() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProcessRunner.Result r = ProcessRunner.run(List.of("sh", "-c", "seq 1 20000"), Map.of(), Duration.ofSeconds(30),
                "coreutils", lines::add);
        assertThat(r.ok()).isTrue();
        assertThat(lines).hasSize(20000).startsWith("1", "2").endsWith("20000");
    }

    @Test
    void aMissingToolIsNamedWithItsPackage() {
        assertThatThrownBy(() -> ProcessRunner.run(List.of("depot-no-such-tool"), Map.of(), Duration.ofSeconds(5),
                "libvips-tools")).isInstanceOf(DepotException.class).hasMessageContaining("depot-no-such-tool")
                .hasMessageContaining("apt-get install libvips-tools");
    }

    @Test
    void theEnvironmentIsPassed() {
        ProcessRunner.Result r = ProcessRunner.run(List.of("sh", "-c", "echo $VIPS_BLOCK_UNTRUSTED"),
                Map.of("VIPS_BLOCK_UNTRUSTED", "1"), Duration.ofSeconds(30), "dash");
        assertThat(r.output().strip()).isEqualTo("1");
    }
}
