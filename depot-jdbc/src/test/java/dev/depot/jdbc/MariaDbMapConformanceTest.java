package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.servers.MariaDbServers;
import junit.framework.Test;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/** guava-testlib's ConcurrentMap suite against a throwaway MariaDB (JUnit 4, run by the vintage engine). */
@RunWith(AllTests.class)
public class MariaDbMapConformanceTest {
    public static Test suite() {
        return MapConformanceSuite.suite("MariaDB", () -> DepotConfig.builder().url(MariaDbServers.shared().url("conformance")));
    }
}
