package dev.depot.redis;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap suite against a throwaway Redis, as JUnit 5 dynamic tests. */
@RedisTest
class RedisMapConformanceTest {
    @TestFactory
    Stream<DynamicNode> conformance(RedisServer redis) {
        return MapConformanceSuite.tests("Redis", () -> DepotConfig.builder().url(redis.url()));
    }
}
