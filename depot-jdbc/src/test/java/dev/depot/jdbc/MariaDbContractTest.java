package dev.depot.jdbc;

import dev.depot.testkit.SharedStoreContractTests;
import dev.depot.testkit.servers.MariaDbServers;

/** Depot's shared-store contract against a throwaway MariaDB. */
class MariaDbContractTest extends SharedStoreContractTests {
    @Override
    protected String storeUrl() {
        return MariaDbServers.shared().url("contract");
    }
}
