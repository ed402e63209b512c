package dev.depot.it;

import dev.depot.testkit.junit.MariaDbTest;

/** {@link CrossProcessCacheTests} on MariaDB: stale-window target 250 ms. */
@MariaDbTest
class MariaDbCrossProcessCacheTest extends CrossProcessCacheTests {
    MariaDbCrossProcessCacheTest() {
        super(StoreKind.MARIADB);
    }
}
