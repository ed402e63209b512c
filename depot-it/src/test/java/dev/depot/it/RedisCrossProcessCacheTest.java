package dev.depot.it;

import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;

/** {@link KillableCrossProcessCacheTests} on Redis: stale-window target 50 ms; the subscriptions are killed. */
@RedisTest
class RedisCrossProcessCacheTest extends KillableCrossProcessCacheTests {
    RedisCrossProcessCacheTest() {
        super(StoreKind.REDIS);
    }

    @Override
    void killNotificationConnections() {
        RedisServers.shared().cli("CLIENT", "KILL", "TYPE", "pubsub");
    }
}
