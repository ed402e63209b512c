package dev.depot.it;

import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PostgresServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CrossProcessCacheTests} on PostgreSQL behind PgBouncer in transaction mode, with
 * {@code directUrl} to the server for the LISTEN sessions: stale-window target 50 ms.
 */
@PgBouncerTest
class PgBouncerCrossProcessCacheTest extends CrossProcessCacheTests {
    @Override
    String url(Path tmp) {
        return PgBouncerServers.shared().url("it", PostgresServers.shared().url("it"));
    }

    @Override
    Duration staleTarget() {
        return Duration.ofMillis(50);
    }

    @Override
    void killNotificationConnections() {
        PostgresServers.shared().psql("postgres",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'depot-changes'");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theListenSessionsAreTerminatedMidRun() throws Exception {
        aKilledNotificationConnectionFallsBackThenRecovers();
    }
}
