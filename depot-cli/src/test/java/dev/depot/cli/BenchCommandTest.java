package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.Depot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsEveryWorkloadAndLeavesItsMapEmpty() {
        String url = Cli.storeUrl(dir);
        Cli.Result r = Cli.run("bench", "--url", url, "--seconds", "1", "--keys", "200", "--threads", "2");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("200 keys").containsPattern("putAll +[0-9,]+ entries/s")
                .containsPattern("get +[0-9,]+ ops/s +\\(2 threads\\)").containsPattern("set +[0-9,]+ ops/s")
                .containsPattern("iterate +[0-9,]+ entries/s +\\(1 thread\\)");
        try (Depot depot = Depot.open(url)) {
            assertThat(depot.map("cli_bench", Codec.LONG, Codec.BYTES).sizeLong()).isZero();
        }
    }

    @Test
    void refusesAMapThatHoldsData() {
        String url = Cli.storeUrl(dir);
        try (Depot depot = Depot.open(url)) {
            depot.map("mine", Codec.LONG, Codec.BYTES).put(1L, new byte[] {1});
        }
        Cli.Result r = Cli.run("bench", "--url", url, "--map", "mine", "--seconds", "1");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("map 'mine' exists and is not empty");
    }
}
