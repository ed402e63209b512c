package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.StorageType;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.RedisClusterSet;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * The change feed when the Cluster node it listens on dies for good (3 masters + 3 replicas): the
 * feed reports the loss, gives up on Lettuce's reconnects to the dead node and subscribes on the
 * next seed of the URL, and hears the writes made after the failover.
 */
@IntegrationTest
class RedisClusterChangeFeedTest {

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
                FeedFaults.writeAcross("Cluster node of the feed killed", m, heard, () -> set.killMaster(first));
            }
        }
    }
}
