package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.SharedStoreContractTests;
import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PostgresServers;

/**
 * Depot's shared-store contract through a throwaway PgBouncer in transaction mode whose server
 * pool (3) is smaller than Depot's (10), with {@code preparedStatements=false} in the URL and
 * DDL through the direct URL.
 */
@PgBouncerTest
class PgBouncerContractTest extends SharedStoreContractTests {
    @Override
    protected String storeUrl() {
        return PgBouncerServers.shared().url("bouncer_contract");
    }

    @Override
    protected DepotConfig.Builder configure(DepotConfig.Builder builder) {
        return builder.directUrl(PostgresServers.shared().url("bouncer_contract"));
    }
}
