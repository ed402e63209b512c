package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.FreePorts;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisCluster;
import dev.depot.testkit.servers.ServerProcess;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code readFrom=replicaPreferred} on Redis maps to Lettuce's {@code ReadFrom.REPLICA_PREFERRED}:
 * plain reads are counted by the replica's {@code INFO commandstats}, not the master's, while
 * read-modify-writes read the master (a script) and stay correct. On Sentinel (one master, one
 * replica) and on a Cluster of 3 masters with a replica each.
 */
@IntegrationTest
class RedisReadFromTest {
    @Test
    void sentinelPlainReadsGoToTheReplicaAndComputeToTheMaster() {
        try (RedisServer master = RedisServers.startPlain();
             RedisServer replica = RedisServers.builder().config("replicaof 127.0.0.1 " + master.port()).start();
             RedisServer sentinel = RedisServers.startSentinel(master, "rf")) {
            await(() -> replica.cli("INFO", "replication").contains("master_link_status:up"));
            await(() -> sentinel.cli("SENTINEL", "REPLICAS", "rf").contains(Integer.toString(replica.port())));
            String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "?master=rf&readFrom=replicaPreferred";
            String prefix = TestPrefixes.fresh("rf");
            try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).cacheTtl(Duration.ZERO).build())) {
                DbMap<String, Long> m = d.map("m", Codec.STRING, Codec.LONG);
                m.put("a", 1L);
                await(() -> "1".equals(replica.cli("HLEN", "{" + prefix + ":m}").trim()));
                master.cli("CONFIG", "RESETSTAT");
                replica.cli("CONFIG", "RESETSTAT");
                for (int i = 0; i < 50; i++) {
                    assertThat(m.get("a")).isEqualTo(1L);
                }
                assertThat(m.getAll(List.of("a"))).isEqualTo(Map.of("a", 1L));
                assertThat(new HashMap<>(m)).isEqualTo(Map.of("a", 1L));
                long onReplica = calls(replica, "hget");
                long onMaster = calls(master, "hget");
                System.out.println("READFROM sentinel: HGET on the replica (port " + replica.port() + ") " + onReplica
                        + ", on the master (port " + master.port() + ") " + onMaster + "; HMGET/HSCAN on the replica "
                        + calls(replica, "hmget") + "/" + calls(replica, "hscan"));
                assertThat(onReplica).isGreaterThanOrEqualTo(50);
                assertThat(onMaster).isZero();
                assertThat(calls(replica, "hmget")).isPositive();
                assertThat(calls(replica, "hscan")).isPositive();
                assertThat(m.merge("a", 2L, Long::sum)).isEqualTo(3L);
                assertThat(m.computeIfPresent("a", (k, v) -> v * 10)).isEqualTo(30L);
                assertThat(calls(master, "evalsha")).as("compute's reads and writes ran on the master").isPositive();
                assertThat(master.cli("HGET", "{" + prefix + ":m}", "a")).isNotBlank();
            }
        }
    }

    @Test
    void clusterPlainReadsGoToTheReplicasAndComputeToTheMasters() {
        List<RedisServer> replicas = new ArrayList<>();
        try (RedisCluster cluster = RedisServers.startCluster(3)) {
            try {
                String cli = ServerProcess.requireExecutable("redis-cli", RedisServers.PACKAGES);
                for (RedisServer master : cluster.nodes()) {
                    RedisServer r = RedisServers.builder().port(FreePorts.withBusPort()).config("cluster-enabled yes")
                            .config("cluster-config-file nodes.conf").config("cluster-node-timeout 3000").start();
                    replicas.add(r);
                    ServerProcess.run(null, Duration.ofSeconds(60), List.of(cli, "--cluster", "add-node",
                            r.host() + ":" + r.port(), master.host() + ":" + master.port(), "--cluster-slave",
                            "--cluster-master-id", master.cli("CLUSTER", "MYID").trim()));
                }
                for (RedisServer r : replicas) {
                    await(() -> r.cli("INFO", "replication").contains("master_link_status:up"));
                }
                // Lettuce reads the topology from CLUSTER NODES: until every node has heard by gossip that
                // each new node is a connected replica, a slot's reads may still go to its master.
                List<RedisServer> all = new ArrayList<>(cluster.nodes());
                all.addAll(replicas);
                for (RedisServer n : all) {
                    await(() -> connectedReplicas(n.cli("CLUSTER", "NODES")) == replicas.size());
                }
                String prefix = TestPrefixes.fresh("rf");
                String url = cluster.url() + "?readFrom=replicaPreferred";
                try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).cacheTtl(Duration.ZERO).build())) {
                    List<DbMap<String, Long>> maps = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        DbMap<String, Long> m = d.map("m" + i, Codec.STRING, Codec.LONG);
                        m.put("a", (long) i);
                        maps.add(m);
                    }
                    Thread.sleep(500); // replication on loopback takes far less
                    long before = replicas.stream().mapToLong(r -> calls(r, "hget")).sum();
                    long mastersBefore = cluster.nodes().stream().mapToLong(n -> calls(n, "hget")).sum();
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < maps.size(); i++) {
                            assertThat(maps.get(i).get("a")).isEqualTo((long) i);
                        }
                    }
                    long onReplicas = replicas.stream().mapToLong(r -> calls(r, "hget")).sum() - before;
                    long onMasters = cluster.nodes().stream().mapToLong(n -> calls(n, "hget")).sum() - mastersBefore;
                    System.out.println("READFROM cluster: HGET on the replicas " + onReplicas + ", on the masters " + onMasters);
                    assertThat(onReplicas).isEqualTo(120);
                    assertThat(onMasters).isZero();
                    for (int i = 0; i < maps.size(); i++) {
                        assertThat(maps.get(i).merge("a", 100L, Long::sum)).isEqualTo(100L + i);
                        assertThat(maps.get(i).computeIfPresent("a", (k, v) -> v + 1)).isEqualTo(101L + i);
                    }
                }
            } finally {
                replicas.forEach(RedisServer::close);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aStandaloneUrlRefusesReadFrom() {
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("redis://127.0.0.1:1?readFrom=replicaPreferred")
                .prefix(TestPrefixes.fresh("rf")).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis-sentinel:// or redis-cluster://");
    }

    /** How many lines of a {@code CLUSTER NODES} answer are replicas whose link is up. */
    static long connectedReplicas(String clusterNodes) {
        return clusterNodes.lines().filter(l -> l.matches("\\S+ \\S+ \\S*slave\\S* [0-9a-f]{40} .* connected.*")).count();
    }

    /** The {@code calls} of {@code command} in the server's {@code INFO commandstats}, 0 when it ran none. */
    static long calls(RedisServer server, String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(server.cli("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
