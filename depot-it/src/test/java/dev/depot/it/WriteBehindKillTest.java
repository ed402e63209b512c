package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapOptions;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.PostgresServers;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a SIGKILL costs a write-behind map at the default settings (flush every second, at most
 * 100,000 unflushed entries): a writer process ({@link WriteBehindWriter}) is killed at a random
 * moment, and the acknowledged writes missing from the store are counted. Write-behind promises
 * no more than that: what was not flushed yet is lost. The loss must be bounded by what the
 * defaults say — never more than the dirty bound, and at a steady rate only the writes of about
 * the last flush interval (those since the last flush that completed began: one interval plus
 * the time of a flush) — and not zero at a steady rate, or the map was not write-behind.
 * Prints the numbers measured.
 */
@PostgresTest
class WriteBehindKillTest {
    private static final MapOptions DEFAULTS = MapOptions.defaults();
    /** A steady rate an application might write at: each flush is small and quick. */
    private static final int STEADY_PER_SECOND = 5_000;
    /** Unflushed writes at a steady rate are at most one interval plus a flush old; a small flush takes well under this. */
    private static final Duration FLUSH_TIME_ALLOWANCE = Duration.ofSeconds(1);

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void sqlite() throws Exception {
        String url = "sqlite:" + tmp.resolve("wb.db");
        measure("sqlite", url, STEADY_PER_SECOND);
        measure("sqlite", "sqlite:" + tmp.resolve("wb-fast.db"), 0);
    }

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void postgres() throws Exception {
        String url = PostgresServers.shared().url("it"); // not faulted: only the writer is killed
        measure("postgres", url, STEADY_PER_SECOND);
        measure("postgres", url, 0);
    }

    /** Runs a writer at {@code perSecond} (0: flat out), kills it after 3 to 5 s, and counts what was lost. */
    private void measure(String store, String url, int perSecond) throws Exception {
        String prefix = TestPrefixes.fresh("wbkill");
        Path journal = tmp.resolve("wb-" + prefix + ".log");
        long killedAt;
        try (ChildJvm writer = ChildJvm.start(WriteBehindWriter.class, url, prefix, journal.toString(),
                tmp.resolve("session-" + prefix).toString(), Integer.toString(perSecond))) {
            writer.awaitLine("READY", Duration.ofSeconds(60));
            Thread.sleep(3000 + new Random().nextInt(2000));
            killedAt = System.currentTimeMillis();
            writer.kill();
        }
        long[] ackedAt = readJournal(journal); // index: key; value: when its write returned
        int acknowledged = ackedAt.length;
        BitSet stored = new BitSet(acknowledged);
        try (Depot depot = Depot.open(DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true).cacheTtl(Duration.ZERO)
                .sessionDir(tmp.resolve("session-check-" + prefix)).build())) {
            DbMap<Long, Long> m = depot.map(WriteBehindWriter.MAP, Codec.LONG, Codec.LONG);
            for (Iterator<java.util.Map.Entry<Long, Long>> it = m.entrySet().iterator(); it.hasNext(); ) {
                java.util.Map.Entry<Long, Long> e = it.next();
                assertThat(e.getValue()).as("value of key %s", e.getKey()).isEqualTo(e.getKey());
                if (e.getKey() < acknowledged) {
                    stored.set(e.getKey().intValue());
                }
            }
        }
        int lost = acknowledged - stored.cardinality();
        int oldestLost = stored.nextClearBit(0);
        long window = lost == 0 ? 0 : killedAt - ackedAt[oldestLost];
        long lastInterval = Arrays.stream(ackedAt).filter(t -> t > killedAt - DEFAULTS.flushInterval().toMillis()).count();
        String rate = perSecond > 0 ? perSecond + " writes/s" : "flat out";
        System.out.printf("write-behind %s, %s, defaults (flush every %d ms, maxDirty %d): %d acknowledged writes in %d ms, "
                        + "%d lost; the oldest lost one was acknowledged %d ms before the kill; %d were acknowledged in the last "
                        + "flush interval%n", store, rate, DEFAULTS.flushInterval().toMillis(), DEFAULTS.maxDirty(), acknowledged,
                acknowledged == 0 ? 0 : ackedAt[acknowledged - 1] - ackedAt[0], lost, window, lastInterval);
        assertThat(acknowledged).as("acknowledged writes").isGreaterThan(1000);
        assertThat(lost).as("lost writes: never more than the dirty bound").isLessThanOrEqualTo(DEFAULTS.maxDirty());
        if (perSecond > 0) {
            assertThat(lost).as("lost writes at a steady rate: write-behind keeps the latest ones in memory").isPositive();
            assertThat(window).as("age of the oldest lost write at a steady rate (ms)")
                    .isLessThanOrEqualTo(DEFAULTS.flushInterval().plus(FLUSH_TIME_ALLOWANCE).toMillis());
        }
    }

    /** The acknowledgement times by key; a last line cut short by the kill is left out. */
    private static long[] readJournal(Path journal) throws Exception {
        long[] at = new long[1 << 16];
        int n = 0;
        try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.US_ASCII)) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f.length != 2 || f[1].length() < 13) {
                    continue; // cut short
                }
                long key = Long.parseLong(f[0]);
                assertThat(key).as("journal in key order").isEqualTo(n);
                if (n == at.length) {
                    at = Arrays.copyOf(at, n * 2);
                }
                at[n++] = Long.parseLong(f[1]);
            }
        }
        return Arrays.copyOf(at, n);
    }
}
