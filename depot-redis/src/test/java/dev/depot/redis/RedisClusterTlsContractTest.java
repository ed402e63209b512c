package dev.depot.redis;

import static dev.depot.testkit.OpenFailures.assertOpenFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.DepotContractTests;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import dev.depot.testkit.servers.RedisTlsCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Depot's contract through {@code rediss-cluster://}: three TLS-only masters (clients and cluster
 * bus), verified against their CA ({@code cacert}); maps land on several masters; and a
 * plain-text URL to them fails saying TLS may be needed.
 */
@RedisTest
class RedisClusterTlsContractTest extends DepotContractTests {
    @RegisterExtension
    static final PrivateServer<RedisTlsCluster> CLUSTER = PrivateServer.of(() -> RedisTlsCluster.start(3));

    @Override
    protected String storeUrl() {
        return CLUSTER.get().url();
    }

    @Test
    void mapsSpreadOverTheMasters() {
        String prefix = TestPrefixes.fresh("ctls");
        try (Depot depot = open(prefix)) {
            for (int i = 0; i < 12; i++) {
                DbMap<String, String> m = depot.map("m" + i, Codec.STRING, Codec.STRING);
                m.put("k", "v" + i);
            }
        }
        Set<Integer> holders = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            for (RedisServer n : CLUSTER.get().nodes()) {
                // EXISTS answers for keys of the node's own slots only (else MOVED)
                String out = CLUSTER.get().cli(n, Duration.ofSeconds(30), List.of("EXISTS", "{" + prefix + ":m" + i + "}"));
                if (out.strip().equals("1")) {
                    holders.add(n.port());
                }
            }
        }
        assertThat(holders).hasSizeGreaterThan(1);
    }

    @Test
    void aPlainTextUrlToTheTlsOnlyClusterFails() {
        String plain = CLUSTER.get().url().replace("rediss-cluster://", "redis-cluster://").replaceAll("\\?cacert=.*", "")
                + "?timeout=2000";
        assertOpenFails(plain, "ctls").isInstanceOf(StoreUnavailableException.class).hasMessageContaining("TLS connections only")
                .hasMessageContaining("rediss-cluster://");
    }
}
