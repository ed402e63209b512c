package dev.depot.redis;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.servers.RedisServers;
import junit.framework.Test;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/** guava-testlib's ConcurrentMap suite against a throwaway Redis: TLS-only server, verified against its generated CA. */
@RunWith(AllTests.class)
public class RedisTlsMapConformanceTest {
    public static Test suite() {
        return MapConformanceSuite.suite("RedisTls", () -> DepotConfig.builder().url(RedisServers.sharedTls().url()));
    }
}
