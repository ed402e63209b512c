package dev.depot.it;

import dev.depot.testkit.junit.PostgresTest;
import java.nio.file.Path;
import java.time.Duration;

/** {@link CrossProcessCacheTests} on Postgres: stale-window target 50 ms. */
@PostgresTest
class PostgresCrossProcessCacheTest extends CrossProcessCacheTests {
    @Override
    String url(Path tmp) {
        return StoreKind.POSTGRES.url(tmp, "xcache");
    }

    @Override
    Duration staleTarget() {
        return Duration.ofMillis(50);
    }
}
