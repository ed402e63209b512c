package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.RedisServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk a new user takes: {@code depot demo} run again and again in one working folder while
 * only {@code DEPOT_URL} changes, from the embedded default through PostgreSQL, Redis and
 * {@code memory:} to MariaDB and back. Every run must find every earlier run's data: the run
 * counter goes up by one each time.
 */
@IntegrationTest
class StoreSwitchWalkTest {
    @TempDir
    Path workingFolder;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyRunFindsTheDataOfEveryEarlierRunAcrossStoreSwitches() throws Exception {
        String prefix = TestPrefixes.fresh("walk");
        String mariadb = MariaDbServers.shared().url("it");
        Map<String, Map<String, String>> steps = new LinkedHashMap<>();
        steps.put("default SQLite", Map.of());
        steps.put("PostgreSQL", Map.of("DEPOT_URL", PostgresServers.shared().url("it")));
        steps.put("Redis", Map.of("DEPOT_URL", RedisServers.shared().url()));
        steps.put("memory:", Map.of("DEPOT_URL", "memory:"));
        steps.put("MariaDB", Map.of("DEPOT_URL", mariadb));
        // MariaDB's URL has a password, which Depot never records: going back names it explicitly.
        steps.put("SQLite again", Map.of("DEPOT_MIGRATE_FROM", mariadb));
        int run = 0;
        for (Map.Entry<String, Map<String, String>> step : steps.entrySet()) {
            run++;
            Map<String, String> env = new LinkedHashMap<>(step.getValue());
            env.put("DEPOT_PREFIX", prefix);
            String out = demo(env);
            assertThat(out).as(step.getKey() + "\n" + out).contains("This is run #" + run + " ")
                    .contains("Everything persisted");
        }
        assertThat(workingFolder.resolve("depot-data").resolve("depot-memory-" + prefix + ".snapshot"))
                .as("memory: kept its snapshot in ./depot-data").exists();
    }

    /** Runs {@code depot demo} in the working folder with only {@code env} set (plus PATH/HOME). */
    private String demo(Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.depot.cli.Main", "demo"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingFolder.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DEPOT_") || k.startsWith("DB_") || k.startsWith("REDIS_")
                || k.equals("DATABASE_URL"));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(env + "\n" + text).isZero();
        return text;
    }
}
