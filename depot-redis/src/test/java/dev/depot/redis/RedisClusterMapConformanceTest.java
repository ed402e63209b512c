package dev.depot.redis;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.servers.RedisServers;
import junit.framework.Test;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/** guava-testlib's ConcurrentMap suite against a throwaway Redis: 3-master Cluster. */
@RunWith(AllTests.class)
public class RedisClusterMapConformanceTest {
    public static Test suite() {
        return MapConformanceSuite.suite("RedisCluster", () -> DepotConfig.builder().url(RedisServers.sharedCluster().url()));
    }
}
