package dev.depot.redis;

import dev.depot.testkit.SharedStoreContractTests;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;

/** Depot's shared-store contract against a throwaway Redis: plain server. */
@RedisTest
class RedisContractTest extends SharedStoreContractTests {
    @Override
    protected String storeUrl() {
        return RedisServers.shared().url();
    }
}
