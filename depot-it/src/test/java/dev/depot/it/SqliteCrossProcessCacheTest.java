package dev.depot.it;

import dev.depot.testkit.junit.IntegrationTest;
import java.nio.file.Path;
import java.time.Duration;

/** {@link CrossProcessCacheTests} on Sqlite: stale-window target 250 ms. */
@IntegrationTest
class SqliteCrossProcessCacheTest extends CrossProcessCacheTests {
    @Override
    String url(Path tmp) {
        return StoreKind.SQLITE.url(tmp, "xcache");
    }

    @Override
    Duration staleTarget() {
        return Duration.ofMillis(250);
    }
}
