package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapOptions;
import dev.depot.WriteMode;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.PostgresServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journaled write-behind at its defaults (flush every second, 100,000 dirty entries): a writer
 * process ({@link WriteBehindWriter}, four threads, flat out) is SIGKILLed five times in a row at
 * random moments, each run reopening the map its predecessor left; then a Depot opens the map
 * write-through with the same session folder. Every write any run acknowledged must be in the
 * store with its value: the journal is read back by the next journaled open, and written to the
 * store by the write-through open. {@link WriteBehindKillTest} shows the same kill losing writes
 * without the journal.
 */
@PostgresTest
class JournaledWriteBehindKillTest {
    private static final int KILLS = 5;
    private static final int THREADS = 4;
    /** Keys of run {@code r} start at {@code r * RUN_KEYS}, so every run's writes stay apart. */
    private static final long RUN_KEYS = 100_000_000L;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void sqlite() throws Exception {
        killFiveTimes("sqlite", "sqlite:" + tmp.resolve("journaled.db"));
    }

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void postgres() throws Exception {
        killFiveTimes("postgres", PostgresServers.shared().url("it"));
    }

    private void killFiveTimes(String store, String url) throws Exception {
        String prefix = TestPrefixes.fresh("wbj");
        Path session = tmp.resolve("session-" + prefix);
        Path acks = tmp.resolve("acks-" + prefix + ".log");
        Random random = new Random();
        for (int run = 0; run < KILLS; run++) {
            try (ChildJvm writer = ChildJvm.start(WriteBehindWriter.class, url, prefix, acks.toString(), session.toString(),
                    "0", WriteMode.WRITE_BEHIND_JOURNALED.name(), Integer.toString(THREADS), Long.toString(run * RUN_KEYS))) {
                writer.awaitLine("READY", Duration.ofSeconds(60));
                Thread.sleep(1500 + random.nextInt(2000));
                writer.kill();
            }
        }
        Map<Long, Integer> acknowledgedPerRun = new HashMap<>();
        TreeSet<Long> acknowledged = readAcks(acks, acknowledgedPerRun);
        TreeSet<Long> missing = new TreeSet<>(acknowledged);
        long stored;
        try (Depot depot = Depot.open(DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true)
                .cacheTtl(Duration.ZERO).sessionDir(session).build())) {
            DbMap<Long, Long> m = depot.map(WriteBehindWriter.MAP, Codec.LONG, Codec.LONG,
                    MapOptions.defaults().withWriteMode(WriteMode.WRITE_THROUGH));
            stored = m.sizeLong();
            for (var e : m.entrySet()) {
                assertThat(e.getValue()).as("value of key %s", e.getKey()).isEqualTo(e.getKey());
                missing.remove(e.getKey());
            }
        }
        System.out.printf("journaled write-behind, %s, %d threads flat out, killed %d times: acknowledged per run %s, "
                        + "%d in all, %d stored, %d lost%n", store, THREADS, KILLS, acknowledgedPerRun, acknowledged.size(),
                stored, missing.size());
        assertThat(acknowledgedPerRun).as("every run acknowledged writes").hasSize(KILLS)
                .allSatisfy((run, n) -> assertThat(n).isGreaterThan(100));
        assertThat(missing).as("acknowledged writes missing after %d kills", KILLS).isEmpty();
        assertThat(Files.list(session.resolve("journal").resolve(prefix)).toList())
                .as("the write-through open wrote the journal to the store and removed it").isEmpty();
    }

    /** The acknowledged keys; a last line cut short by the kill is left out. */
    private static TreeSet<Long> readAcks(Path file, Map<Long, Integer> perRun) throws Exception {
        TreeSet<Long> keys = new TreeSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length != 2 || f[1].length() < 13) {
                continue; // cut short
            }
            long key = Long.parseLong(f[0]);
            keys.add(key);
            perRun.merge(key / RUN_KEYS, 1, Integer::sum);
        }
        return keys;
    }
}
