package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.StorageType;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measurements behind the choice of pub/sub for the Redis change feed (docs/ARCHITECTURE.md,
 * "Change feed"): what announcing costs a write, and how quickly each candidate mechanism tells
 * another connection. Logs the figures; asserts only what holds on a loaded machine too.
 */
@RedisTest
class RedisChangeFeedCostTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFeedCostTest.class);
    private static final RawMapSpec M = new RawMapSpec("m", StorageType.TEXT, StorageType.BINARY);
    /** Writes per round: 5,000 in the suite; the figures in docs/ARCHITECTURE.md are from {@code -Ddepot.redis.feedCostOps=20000}. */
    private static final int OPS = Integer.getInteger("depot.redis.feedCostOps", 5_000);
    private static final int ROUNDS = 5;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sequential write-through puts and sets: plain; announcing with nobody subscribed; announcing
     * with a subscriber in another process ({@code redis-cli SUBSCRIBE}); announcing with this
     * store's own feed and a second store's feed subscribed in this JVM (as Depot runs). Rounds
     * interleaved, best round of each, as the machine is shared.
     */
    @Test
    void announcingCostsAWriteLittle() throws Exception {
        var server = RedisServers.shared();
        String url = server.url();
        String prefix = TestPrefixes.fresh("cost");
        try (RedisStore plain = RedisStoreTest.store(url, prefix);
             RedisStore announcing = RedisStoreTest.store(url, prefix);
             RedisStore listener = RedisStoreTest.store(url, prefix)) {
            var feed = announcing.changeFeed("A").orElseThrow();
            RawMap p = plain.open(M);
            RawMap a = announcing.open(M);
            byte[] value = new byte[100];
            String[] names = {"put plain", "put announcing, no subscriber", "set plain (HSET)", "set announcing, no subscriber",
                "put announcing, 1 subscriber in another process", "set announcing, 1 subscriber in another process",
                "put announcing, own feed + 1 feed in this JVM", "set announcing, own feed + 1 feed in this JVM",
                "put announcing, 1 subscriber that never reads", "set announcing, 1 subscriber that never reads",
                "put announcing, own feed only (hears its own)", "set announcing, own feed only (hears its own)"};
            double[] best = new double[names.length];
            for (int round = 0; round < ROUNDS; round++) {
                best[0] = Math.max(best[0], rate(() -> p.put(b("k" + (counter++ % 1000)), value)));
                best[1] = Math.max(best[1], rate(() -> a.put(b("k" + (counter++ % 1000)), value)));
                best[2] = Math.max(best[2], rate(() -> p.set(b("k" + (counter++ % 1000)), value)));
                best[3] = Math.max(best[3], rate(() -> a.set(b("k" + (counter++ % 1000)), value)));
            }
            Process cli = new ProcessBuilder("redis-cli", "-p", String.valueOf(server.port()), "SUBSCRIBE",
                    new String(ChangeMessage.channel(prefix), StandardCharsets.US_ASCII))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            try {
                Thread.sleep(500);
                for (int round = 0; round < ROUNDS; round++) {
                    best[4] = Math.max(best[4], rate(() -> a.put(b("k" + (counter++ % 1000)), value)));
                    best[5] = Math.max(best[5], rate(() -> a.set(b("k" + (counter++ % 1000)), value)));
                }
            } finally {
                cli.destroy();
            }
            // the server's share alone: it writes each message to a socket nobody reads (kernel buffer, then output buffer)
            try (java.net.Socket idle = new java.net.Socket("127.0.0.1", server.port())) {
                idle.getOutputStream().write(("SUBSCRIBE " + new String(ChangeMessage.channel(prefix), StandardCharsets.US_ASCII)
                        + "\r\n").getBytes(StandardCharsets.US_ASCII));
                idle.getOutputStream().flush();
                Thread.sleep(300);
                for (int round = 0; round < ROUNDS; round++) {
                    best[8] = Math.max(best[8], rate(() -> a.put(b("k" + (counter++ % 1000)), value)));
                    best[9] = Math.max(best[9], rate(() -> a.set(b("k" + (counter++ % 1000)), value)));
                }
            }
            feed.start(new RecordingSinkCounter());
            for (int round = 0; round < ROUNDS; round++) {
                best[10] = Math.max(best[10], rate(() -> a.put(b("k" + (counter++ % 1000)), value)));
                best[11] = Math.max(best[11], rate(() -> a.set(b("k" + (counter++ % 1000)), value)));
            }
            listener.changeFeed("L").orElseThrow().start(new RecordingSinkCounter());
            for (int round = 0; round < ROUNDS; round++) {
                best[0] = Math.max(best[0], rate(() -> p.put(b("k" + (counter++ % 1000)), value)));
                best[6] = Math.max(best[6], rate(() -> a.put(b("k" + (counter++ % 1000)), value)));
                best[2] = Math.max(best[2], rate(() -> p.set(b("k" + (counter++ % 1000)), value)));
                best[7] = Math.max(best[7], rate(() -> a.set(b("k" + (counter++ % 1000)), value)));
            }
            StringBuilder report = new StringBuilder();
            for (int i = 0; i < names.length; i++) {
                double base = names[i].startsWith("put") ? best[0] : best[2];
                report.append(String.format("%n  %-50s %7d ops/s  %.2fx", names[i], Math.round(best[i]), best[i] / base));
            }
            LOG.info("Redis write-through, 1 thread, 100-byte values, best of {} rounds of {}:{}", ROUNDS, OPS, report);
            assertThat(best[1] / best[0]).as("announcing put against plain put").isGreaterThan(0.5);
        }
    }

    private int counter;

    private static double rate(Runnable op) {
        long start = System.nanoTime();
        for (int i = 0; i < OPS; i++) {
            op.run();
        }
        return OPS / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The other candidate, server-assisted client-side caching: a RESP3 connection with
     * {@code CLIENT TRACKING on} reads a field of a map's hash; another connection writes a
     * different field of it. Redis invalidates the whole key, that is the whole map: measured
     * here, with the delay from the write's reply to the invalidation's arrival.
     */
    @Test
    void clientTrackingInvalidatesTheWholeMapOnAnyWrite() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(RedisServers.shared().url()));
        String hash = "{" + TestPrefixes.fresh("track") + ":m}";
        int n = 2000;
        try (StatefulRedisConnection<String, String> reader = client.connect();
             StatefulRedisConnection<String, String> writer = client.connect()) {
            Semaphore invalidated = new Semaphore(0);
            long[] arrived = new long[1];
            reader.addListener(m -> {
                if (m.getType().equals("invalidate")) {
                    arrived[0] = System.nanoTime();
                    invalidated.release();
                }
            });
            reader.sync().clientTracking(TrackingArgs.Builder.enabled());
            writer.sync().hset(hash, "a", "1");
            long[] lag = new long[n];
            int wholeMap = 0;
            for (int i = 0; i < n; i++) {
                reader.sync().hget(hash, "a");              // cache field "a": tracks the key, the whole hash
                writer.sync().hset(hash, "other" + i, "1"); // a different field
                long returned = System.nanoTime();
                if (invalidated.tryAcquire(5, TimeUnit.SECONDS)) {
                    wholeMap++;
                    lag[i] = Math.max(0, arrived[0] - returned);
                }
            }
            Arrays.sort(lag);
            LOG.info("CLIENT TRACKING (RESP3): {} of {} writes to another field invalidated the cached field (the whole "
                    + "hash); write returned -> invalidation: p50 {} us, p99 {} us", wholeMap, n, lag[n / 2] / 1000,
                    lag[n * 99 / 100] / 1000);
            assertThat(wholeMap).isEqualTo(n);
        } finally {
            client.shutdown();
        }
    }

    /** A sink that only counts. */
    private static final class RecordingSinkCounter implements dev.depot.spi.ChangeSink {
        private long changes;

        @Override
        public synchronized void changed(String map, byte[] key, dev.depot.spi.ChangeKind kind) {
            changes++;
        }

        @Override
        public void connected() {}

        @Override
        public void disconnected(String reason) {}
    }
}
