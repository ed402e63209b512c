package dev.depot.it;

import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import java.nio.file.Path;

/**
 * {@link RedisCrossProcessCacheTest} on a Redis Cluster (3 masters): the feed subscribes on one
 * node and hears every node's PUBLISH over the cluster bus; the kill hits the pub/sub clients of
 * every node.
 */
@RedisTest
class RedisClusterCrossProcessCacheTest extends RedisCrossProcessCacheTest {
    @Override
    String url(Path tmp) {
        return RedisServers.sharedCluster().url();
    }

    @Override
    void killNotificationConnections() {
        RedisServers.sharedCluster().nodes().forEach(node -> node.cli("CLIENT", "KILL", "TYPE", "pubsub"));
    }
}
