package dev.depot.it;

import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.PostgresServers;

/** {@link KillableCrossProcessCacheTests} on PostgreSQL: stale-window target 50 ms; the LISTEN sessions are terminated. */
@PostgresTest
class PostgresCrossProcessCacheTest extends KillableCrossProcessCacheTests {
    PostgresCrossProcessCacheTest() {
        super(StoreKind.POSTGRES);
    }

    @Override
    void killNotificationConnections() {
        PostgresServers.shared().psql("postgres",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'depot-changes'");
    }
}
