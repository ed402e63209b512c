package dev.depot.it;

import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CrossProcessCacheTests} on Redis: stale-window target 50 ms. */
@RedisTest
class RedisCrossProcessCacheTest extends CrossProcessCacheTests {
    @Override
    String url(Path tmp) {
        return StoreKind.REDIS.url(tmp, "xcache");
    }

    @Override
    Duration staleTarget() {
        return Duration.ofMillis(50);
    }

    @Override
    void killNotificationConnections() {
        RedisServers.shared().cli("CLIENT", "KILL", "TYPE", "pubsub");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theSubscriptionsAreKilledMidRun() throws Exception {
        aKilledNotificationConnectionFallsBackThenRecovers();
    }
}
