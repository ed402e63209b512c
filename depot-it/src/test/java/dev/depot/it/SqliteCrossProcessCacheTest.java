package dev.depot.it;

import dev.depot.testkit.junit.IntegrationTest;

/** {@link CrossProcessCacheTests} on SQLite: stale-window target 250 ms. */
@IntegrationTest
class SqliteCrossProcessCacheTest extends CrossProcessCacheTests {
    SqliteCrossProcessCacheTest() {
        super(StoreKind.SQLITE);
    }
}
