package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.PgBouncerServers.PgBouncer;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap suite through a throwaway PgBouncer in transaction mode, as JUnit 5 dynamic tests. */
@PgBouncerTest
@PostgresTest
class PgBouncerMapConformanceTest {
    @TestFactory
    Stream<DynamicNode> conformance(PgBouncer bouncer, PostgresServer pg) {
        return MapConformanceSuite.tests("PgBouncer", () -> DepotConfig.builder()
                .url(bouncer.url("bouncer_conformance"))
                .storeParam("directUrl", pg.url("bouncer_conformance")));
    }
}
