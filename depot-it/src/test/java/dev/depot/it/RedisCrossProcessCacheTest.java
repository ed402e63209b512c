package dev.depot.it;

import dev.depot.testkit.junit.RedisTest;
import java.nio.file.Path;
import java.time.Duration;

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
}
