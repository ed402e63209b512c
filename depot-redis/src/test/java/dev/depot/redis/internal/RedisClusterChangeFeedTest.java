package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.StorageType;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.RedisClusterSet;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed when the Cluster node it listens on dies for good (3 masters + 3 replicas): the
 * feed reports the loss, gives up on Lettuce's reconnects to the dead node and subscribes on the
 * next seed of the URL, and hears the writes made after the failover.
 */
@IntegrationTest
class RedisClusterChangeFeedTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterChangeFeedTest.class);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theNodeTheFeedListensOnIsKilledAndTheFeedMovesToAnotherSeed() throws Exception {
        try (RedisClusterSet set = RedisClusterSet.start(3)) {
            RedisServer first = set.nodes().get(0);   // the feed's first seed
            assertThat(set.masters()).as("the first seed is a master").contains(first);
            String prefix = TestPrefixes.fresh("cnode");
            RecordingSink heard = new RecordingSink();
            try (RedisStore writer = RedisStoreTest.store(set.url(), prefix);
                 RedisStore reader = RedisStoreTest.store(set.url(), prefix)) {
                writer.changeFeed("W").orElseThrow().start(new RecordingSink());
                reader.changeFeed("R").orElseThrow().start(heard);
                RawMap m = writer.open(new RawMapSpec("m", StorageType.TEXT, StorageType.BINARY));
                m.set(b("before"), b("1"));
                heard.await("PUT m/before", Duration.ofSeconds(10));
                long start = System.nanoTime();
                set.killMaster(first);
                heard.awaitSequence(Duration.ofSeconds(60), "DOWN", "UP");
                long up = System.nanoTime();
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
                LOG.info("Cluster node of the feed killed: feed back on another node {} ms after the kill; heard {}",
                        (up - start) / 1_000_000, heard.calls());
                assertThat(heard.calls()).containsExactly("UP", "PUT m/before", "DOWN", "UP", "PUT m/after");
            }
        }
    }
}
