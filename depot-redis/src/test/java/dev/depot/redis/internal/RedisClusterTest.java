package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StorageType;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisCluster;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The layout on a 3-master Cluster: maps spread over the nodes; paging works across nodes. */
@RedisTest
class RedisClusterTest {

    /** The port of the node serving a key, from {@code CLUSTER KEYSLOT} and {@code CLUSTER NODES}. */
    private static int ownerPort(RedisCluster cluster, String key) {
        RedisServer any = cluster.nodes().get(0);
        int slot = Integer.parseInt(any.cli("CLUSTER", "KEYSLOT", key).trim());
        String nodes = any.cli("CLUSTER", "NODES");
        // <id> <ip:port@busport> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
        for (String line : nodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (!range[0].matches("\\d+")) {
                    continue;
                }
                int start = Integer.parseInt(range[0]);
                int end = range.length > 1 ? Integer.parseInt(range[1]) : start;
                if (slot >= start && slot <= end) {
                    String hostPort = f[1].substring(0, f[1].indexOf('@'));
                    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
                }
            }
        }
        throw new AssertionError("no master serves slot " + slot + ":\n" + nodes);
    }

    @Test
    void mapsOfOnePrefixSpreadOverTheNodesAndEachMapStaysOnOne() {
        RedisCluster cluster = RedisServers.sharedCluster();
        String prefix = TestPrefixes.fresh("spread");
        Set<Integer> owners = new HashSet<>();
        try (Depot d = Depot.open(DepotConfig.builder().url(cluster.url()).prefix(prefix).build())) {
            for (int i = 0; i < 12; i++) {
                DbMap<Long, String> m = d.map("m" + i, Codec.LONG, Codec.STRING);
                for (long k = 0; k < 20; k++) {
                    m.put(k, "v");
                }
                String key = RedisKeys.mapKeyText(prefix, "m" + i);
                int port = ownerPort(cluster, key);
                owners.add(port);
                RedisServer owner = cluster.nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow();
                assertThat(owner.cli("HLEN", key).trim()).isEqualTo("20");
            }
        }
        assertThat(owners).as("nodes holding the 12 maps").hasSizeGreaterThan(1);
    }

    @Test
    void iterationCoversEveryEntryAcrossManyPages() {
        RedisCluster cluster = RedisServers.sharedCluster();
        try (Depot d = Depot.open(DepotConfig.builder().url(cluster.url()).prefix(TestPrefixes.fresh("pages"))
                .pageSize(50).build())) {
            DbMap<Long, String> m = d.map("big", Codec.LONG, Codec.STRING);
            Map<Long, String> all = new HashMap<>();
            for (long k = 0; k < 1000; k++) {
                all.put(k, "v" + k);
            }
            m.putAll(all);
            Map<Long, String> seen = new HashMap<>();
            for (Map.Entry<Long, String> e : m.entrySet()) {
                assertThat(seen.put(e.getKey(), e.getValue())).isNull();
            }
            assertThat(seen).isEqualTo(all);
        }
        try (RedisStore store = RedisStoreTest.store(cluster.url(), TestPrefixes.fresh("pages"))) {
            RawMap raw = store.open(new RawMapSpec("m", StorageType.TEXT, StorageType.BINARY));
            for (int i = 0; i < 300; i++) {
                raw.set(("k" + i).getBytes(), "v".getBytes());
            }
            int[] pages = {0};
            assertThat(RedisStoreTest.scanAll(raw, 20, pages)).hasSize(300);
            assertThat(pages[0]).isGreaterThan(3);
            assertThat(store.durability()).isEqualTo(RedisStore.Durability.NONE);
        }
    }
}
