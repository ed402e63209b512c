package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import java.nio.file.Path;
import java.util.UUID;
import junit.framework.Test;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/** guava-testlib's ConcurrentMap suite against an SQLite file (JUnit 4, run by the vintage engine). */
@RunWith(AllTests.class)
public class SqliteMapConformanceTest {
    public static Test suite() {
        // Under target/, so that mvn clean removes it; the suite's Depot closes at JVM exit.
        Path file = Path.of("target", "test-data", "conformance-" + UUID.randomUUID(), "depot.db").toAbsolutePath();
        return MapConformanceSuite.suite("SQLite", () -> DepotConfig.builder().url("sqlite:" + file));
    }
}
