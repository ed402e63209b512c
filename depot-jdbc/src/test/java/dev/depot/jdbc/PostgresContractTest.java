package dev.depot.jdbc;

import dev.depot.testkit.SharedStoreContractTests;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.PostgresServers;

/** Depot's shared-store contract against a throwaway PostgreSQL, connected directly. */
@PostgresTest
class PostgresContractTest extends SharedStoreContractTests {
    @Override
    protected String storeUrl() {
        return PostgresServers.shared().url("contract");
    }
}
