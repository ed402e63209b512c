package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.servers.PostgresServers;
import junit.framework.Test;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/** guava-testlib's ConcurrentMap suite against a throwaway PostgreSQL (JUnit 4, run by the vintage engine). */
@RunWith(AllTests.class)
public class PostgresMapConformanceTest {
    public static Test suite() {
        return MapConformanceSuite.suite("PostgreSQL", () -> DepotConfig.builder().url(PostgresServers.shared().url("conformance")));
    }
}
