package dev.depot.redis;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers.RedisCluster;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap suite against a throwaway Redis Cluster, as JUnit 5 dynamic tests. */
@RedisTest
class RedisClusterMapConformanceTest {
    @TestFactory
    Stream<DynamicNode> conformance(RedisCluster cluster) {
        return MapConformanceSuite.tests("RedisCluster", () -> DepotConfig.builder().url(cluster.url()));
    }
}
