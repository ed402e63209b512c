package dev.depot.redis.internal;

import dev.depot.StorageType;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.RedisSentinelSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The change feed through a Sentinel failover (master, one replica, three Sentinels): the
 * listening store hears the loss of its subscription (Sentinel kills the pub/sub clients of the
 * old master when it demotes it; a SIGKILL drops them), comes back on the new master through the
 * Sentinels, and hears the writes made there.
 */
@IntegrationTest
class RedisSentinelChangeFeedTest {
    private static final RawMapSpec M = new RawMapSpec("m", StorageType.TEXT, StorageType.BINARY);

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
                FeedFaults.writeAcross(what, m, heard, () -> fault.apply(set));
            }
        }
    }
}
