package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.StorageType;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.RedisSentinelSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed through a Sentinel failover (master, one replica, three Sentinels): the
 * listening store hears the loss of its subscription (Sentinel kills the pub/sub clients of the
 * old master when it demotes it; a SIGKILL drops them), comes back on the new master through the
 * Sentinels, and hears the writes made there.
 */
@IntegrationTest
class RedisSentinelChangeFeedTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelChangeFeedTest.class);
    private static final RawMapSpec M = new RawMapSpec("m", StorageType.TEXT, StorageType.BINARY);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void orderedFailover() throws Exception {
        run(RedisSentinelSet::failover, "SENTINEL FAILOVER");
    }

    @Test
    void masterSigkill() throws Exception {
        run(RedisSentinelSet::killMaster, "SIGKILL of the master");
    }

    private void run(Function<RedisSentinelSet, ?> fault, String what) throws Exception {
        try (RedisSentinelSet set = RedisSentinelSet.start("mymaster", 1)) {
            String prefix = TestPrefixes.fresh("sfeed");
            RecordingSink heard = new RecordingSink();
            RecordingSink writerHeard = new RecordingSink();
            RedisStore writer = RedisStoreTest.store(set.url(), prefix);
            writer.changeFeed("W").orElseThrow().start(writerHeard);
            try (writer; RedisStore reader = RedisStoreTest.store(set.url(), prefix)) {
                reader.changeFeed("R").orElseThrow().start(heard);
                RawMap m = writer.open(M);
                m.set(b("before"), b("1"));
                heard.await("PUT m/before", Duration.ofSeconds(10));
                long start = System.nanoTime();
                fault.apply(set);
                heard.awaitSequence(Duration.ofSeconds(60), "DOWN", "UP");
                long up = System.nanoTime();
                // the writer retries until the new master takes the write
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    try {
                        m.set(b("after"), b("1"));
                        break;
                    } catch (StoreUnavailableException e) {
                        assertThat(System.nanoTime()).as("writes resume").isLessThan(deadline);
                        Thread.sleep(100);
                    }
                }
                heard.await("PUT m/after", Duration.ofSeconds(10));
                LOG.info("{}: change feed back on the new master {} ms after the fault; heard {}", what,
                        (up - start) / 1_000_000, heard.calls());
                assertThat(heard.calls()).containsExactly("UP", "PUT m/before", "DOWN", "UP", "PUT m/after");
            }
        }
    }
}
