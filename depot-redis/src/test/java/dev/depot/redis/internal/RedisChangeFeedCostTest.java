package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why the Redis change feed is pub/sub and not server-assisted client-side caching
 * (docs/ARCHITECTURE.md, "Change feed"): tracking invalidates a whole map on any write to it.
 * What announcing costs a write is measured by depot-bench ({@code coherent set}), not here.
 */
@RedisTest
class RedisChangeFeedCostTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFeedCostTest.class);
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
}
