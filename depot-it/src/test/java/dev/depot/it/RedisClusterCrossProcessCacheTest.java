package dev.depot.it;

import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CrossProcessCacheTests} on a Redis Cluster (3 masters): stale-window target 50 ms. The
 * feed subscribes on one node and hears every node's PUBLISH over the cluster bus; the kill hits
 * the pub/sub clients of every node.
 */
@RedisTest
class RedisClusterCrossProcessCacheTest extends CrossProcessCacheTests {
    @Override
    String url(Path tmp) {
        return RedisServers.sharedCluster().url();
    }

    @Override
    Duration staleTarget() {
        return Duration.ofMillis(50);
    }

    @Override
    void killNotificationConnections() {
        RedisServers.sharedCluster().nodes().forEach(node -> node.cli("CLIENT", "KILL", "TYPE", "pubsub"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theSubscriptionsAreKilledMidRun() throws Exception {
        aKilledNotificationConnectionFallsBackThenRecovers();
    }
}
