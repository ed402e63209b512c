package dev.depot.redis;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap suite against a throwaway TLS-only Redis, as JUnit 5 dynamic tests. */
@RedisTest
class RedisTlsMapConformanceTest {
    @TestFactory
    Stream<DynamicNode> conformance() {
        return MapConformanceSuite.tests("RedisTls", () -> DepotConfig.builder().url(RedisServers.sharedTls().url()));
    }
}
