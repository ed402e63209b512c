package dev.depot.jdbc;

import dev.depot.testkit.SharedStoreContractTests;
import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PostgresServers;

/**
 * Depot's shared-store contract through a throwaway PgBouncer in transaction mode whose server
 * pool (3) is smaller than Depot's (10), with {@code preparedStatements=false} in the URL and
 * DDL through the direct URL, also a parameter of the URL.
 */
@PgBouncerTest
class PgBouncerContractTest extends SharedStoreContractTests {
    @Override
    protected String storeUrl() {
        return PgBouncerServers.shared().url("bouncer_contract", PostgresServers.shared().url("bouncer_contract"));
    }
}
