package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.MapConformanceSuite;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PostgresServers;
import junit.framework.Test;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/** guava-testlib's ConcurrentMap suite through PgBouncer in transaction mode (see {@link PgBouncerContractTest}). */
@RunWith(AllTests.class)
public class PgBouncerMapConformanceTest {
    public static Test suite() {
        return MapConformanceSuite.suite("PgBouncer", () -> DepotConfig.builder()
                .url(PgBouncerServers.shared().url("bouncer_conformance"))
                .storeParam("directUrl", PostgresServers.shared().url("bouncer_conformance")));
    }
}
