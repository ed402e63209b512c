package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap suite against SQLite, as JUnit 5 dynamic tests. */
class SqliteMapConformanceTest {
    @TestFactory
    Stream<DynamicNode> conformance() {
        // Under target/, so that mvn clean removes it; the suite's Depot closes at JVM exit.
        Path file = Path.of("target", "test-data", "conformance-" + UUID.randomUUID(), "depot.db").toAbsolutePath();
        return MapConformanceSuite.tests("SQLite", () -> DepotConfig.builder().url("sqlite:" + file));
    }
}
