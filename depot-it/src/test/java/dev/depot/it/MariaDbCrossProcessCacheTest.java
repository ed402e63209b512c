package dev.depot.it;

import dev.depot.testkit.junit.MariaDbTest;
import java.nio.file.Path;
import java.time.Duration;

/** {@link CrossProcessCacheTests} on MariaDb: stale-window target 250 ms. */
@MariaDbTest
class MariaDbCrossProcessCacheTest extends CrossProcessCacheTests {
    @Override
    String url(Path tmp) {
        return StoreKind.MARIADB.url(tmp, "xcache");
    }

    @Override
    Duration staleTarget() {
        return Duration.ofMillis(250);
    }
}
