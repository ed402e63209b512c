package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.junit.MariaDbTest;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap suite against a throwaway MariaDB, as JUnit 5 dynamic tests. */
@MariaDbTest
class MariaDbMapConformanceTest {
    @TestFactory
    Stream<DynamicNode> conformance(MariaDbServer db) {
        return MapConformanceSuite.tests("MariaDB", () -> DepotConfig.builder().url(db.url("conformance")));
    }
}
