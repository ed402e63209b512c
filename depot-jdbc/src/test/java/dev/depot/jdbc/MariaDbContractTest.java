package dev.depot.jdbc;

import dev.depot.testkit.SharedStoreContractTests;
import dev.depot.testkit.junit.MariaDbTest;
import dev.depot.testkit.servers.MariaDbServers;

/** Depot's shared-store contract against a throwaway MariaDB. */
@MariaDbTest
class MariaDbContractTest extends SharedStoreContractTests {
    @Override
    protected String storeUrl() {
        return MariaDbServers.shared().url("contract");
    }
}
