package dev.depot.testkit;

import dev.depot.DepotConfig;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** guava-testlib's ConcurrentMap suite against the memory store, as JUnit 5 dynamic tests. */
class MemoryMapConformanceTest {
    @TestFactory
    Stream<DynamicNode> conformance() {
        return MapConformanceSuite.tests("memory", () -> DepotConfig.builder().url("memory:"));
    }
}
