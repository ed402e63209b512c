package dev.depot.redis;

import static dev.depot.testkit.OpenFailures.assertOpenFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.StoreUnavailableException;
import dev.depot.testkit.DepotContractTests;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisTlsSentinels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Depot's contract through {@code rediss-sentinel://}: a TLS-only Sentinel names a TLS-only
 * master, both verified against one CA ({@code cacert}); and a plain-text URL to them fails.
 */
@RedisTest
class RedisSentinelTlsContractTest extends DepotContractTests {
    @RegisterExtension
    static final PrivateServer<RedisTlsSentinels> SENTINELS = PrivateServer.of(() -> RedisTlsSentinels.start("tlsmaster"));

    @Override
    protected String storeUrl() {
        return SENTINELS.get().url();
    }

    @Test
    void theDataIsOnTheMasterTheSentinelNamed() {
        String prefix = writeOneEntry("stls", p -> {});
        // the hash of map m, read on the master itself over TLS
        assertThat(SENTINELS.get().master().cli("HLEN", "{" + prefix + ":m}").strip()).isEqualTo("1");
    }

    @Test
    void aPlainTextUrlToTheTlsOnlySentinelFails() {
        String plain = SENTINELS.get().url().replace("rediss-sentinel://", "redis-sentinel://")
                .replaceAll("&cacert=[^&]*", "") + "&timeout=2000";
        assertOpenFails(plain, "stls").isInstanceOf(StoreUnavailableException.class).hasMessageContaining("TLS connections only")
                .hasMessageContaining("rediss-sentinel://");
    }
}
