package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisCluster;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Redis reached by another URL (a parameter added, such as {@code waitReplicas} or
 * {@code timeout}, or the Cluster's nodes listed in another order) keeps its maps. The session
 * folder records the URL; before issue 13 a changed URL was taken for another store and
 * "migrated" onto itself: with the lease, {@code open} failed with a {@code SessionLockedException}
 * naming its own process; with {@code sharedAccess}, the copy cleared each map before copying it,
 * and everything was lost.
 */
@RedisTest
class RedisUrlChangeTest {
    @TempDir
    Path session;

    @Test
    void addingAParameterKeepsTheData(RedisServer redis) {
        String prefix = TestPrefixes.fresh("urlchange");
        fill(redis.url(), prefix, false);
        assertKept(redis.url() + "?timeout=4000&waitReplicas=0", prefix, false);
        assertKept(redis.url(), prefix, false);
    }

    @Test
    void addingAParameterKeepsTheDataWithSharedAccess(RedisServer redis) {
        String prefix = TestPrefixes.fresh("urlshared");
        fill(redis.url(), prefix, true);
        assertKept(redis.url() + "?timeout=4000", prefix, true);
    }

    @Test
    void listingTheClusterNodesInAnotherOrderKeepsTheData() {
        RedisCluster cluster = RedisServers.sharedCluster();
        String prefix = TestPrefixes.fresh("urlorder");
        fill(cluster.url(), prefix, false);
        List<String> hosts = new ArrayList<>(List.of(cluster.url().substring("redis-cluster://".length()).split(",")));
        Collections.reverse(hosts);
        assertKept("redis-cluster://" + String.join(",", hosts), prefix, false);
    }

    private void fill(String url, String prefix, boolean shared) {
        try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).sessionDir(session).sharedAccess(shared).build())) {
            DbMap<Long, String> m = d.map("m", Codec.LONG, Codec.STRING);
            for (long i = 0; i < 100; i++) {
                m.put(i, "v" + i);
            }
        }
    }

    private void assertKept(String url, String prefix, boolean shared) {
        try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).sessionDir(session).sharedAccess(shared).build())) {
            DbMap<Long, String> m = d.map("m", Codec.LONG, Codec.STRING);
            assertThat(m.sizeLong()).as("entries after reopening with " + url).isEqualTo(100);
            assertThat(m.get(42L)).isEqualTo("v42");
        }
    }
}
