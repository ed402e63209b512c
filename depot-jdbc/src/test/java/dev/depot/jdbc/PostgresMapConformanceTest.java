package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap suite against a throwaway PostgreSQL, as JUnit 5 dynamic tests. */
@PostgresTest
class PostgresMapConformanceTest {
    @TestFactory
    Stream<DynamicNode> conformance(PostgresServer pg) {
        return MapConformanceSuite.tests("PostgreSQL", () -> DepotConfig.builder().url(pg.url("conformance")));
    }
}
