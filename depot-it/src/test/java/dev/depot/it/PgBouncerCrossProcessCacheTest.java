package dev.depot.it;

import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PostgresServers;
import java.nio.file.Path;

/**
 * {@link PostgresCrossProcessCacheTest} with the store behind PgBouncer in transaction mode and
 * {@code directUrl} to the server, where the LISTEN sessions go (and are terminated).
 */
@PgBouncerTest
class PgBouncerCrossProcessCacheTest extends PostgresCrossProcessCacheTest {
    @Override
    String url(Path tmp) {
        return PgBouncerServers.shared().url("it", PostgresServers.shared().url("it"));
    }
}
