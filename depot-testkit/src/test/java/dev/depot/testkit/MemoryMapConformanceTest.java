package dev.depot.testkit;

import dev.depot.DepotConfig;
import junit.framework.Test;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/** guava-testlib's ConcurrentMap suite against the memory store. */
@RunWith(AllTests.class)
public class MemoryMapConformanceTest {
    public static Test suite() {
        return MapConformanceSuite.suite("memory", () -> DepotConfig.builder().url("memory:"));
    }
}
