package dev.depot.testkit.servers;

import dev.depot.testkit.servers.RedisServers.RedisServer;
import dev.depot.testkit.servers.RedisServers.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of masters that accept TLS connections only, clients and cluster bus alike
 * ({@code tls-cluster yes}), all on one certificate (naming {@code localhost} and
 * {@code 127.0.0.1}) of one CA, joined with {@code redis-cli --cluster create --tls}. For
 * {@code rediss-cluster://} tests; resharding and failover are tested over plain text.
 * Closing it stops every node.
 *
 * @param nodes the masters
 * @param tls   the CA (to trust) and the nodes' certificate
 */
public record RedisTlsCluster(List<RedisServer> nodes, TlsFiles tls) implements AutoCloseable {
    public RedisTlsCluster {
        nodes = List.copyOf(nodes);
    }

    /** Starts {@code masters} TLS-only nodes and joins them; waits until each reports {@code cluster_state:ok}. */
    public static RedisTlsCluster start(int masters) {
        if (masters < 3) {
            throw new IllegalArgumentException("Redis Cluster needs at least 3 masters, not " + masters);
        }
        TlsFiles tls = TlsCertificates.server(PostgresServers.newServerDir("redis-tls-cluster-ca"), "localhost", "127.0.0.1");
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                int port = FreePorts.withBusPort();
                nodes.add(RedisServers.builder().clusterNode().port(port)
                        // after the builder's "port N": TLS on N instead, the bus too
                        .config("port 0").config("tls-port " + port).config("tls-cert-file " + tls.serverCert())
                        .config("tls-key-file " + tls.serverKey()).config("tls-ca-cert-file " + tls.caCert())
                        .config("tls-auth-clients no").config("tls-cluster yes").config("tls-replication yes")
                        .start());
            }
            RedisTlsCluster cluster = new RedisTlsCluster(nodes, tls);
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            nodes.forEach(n -> create.add(n.host() + ":" + n.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            cluster.cli(nodes.get(0), Duration.ofSeconds(60), create);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (RedisServer n : nodes) {
                while (!cluster.cli(n, Duration.ofSeconds(30), List.of("CLUSTER", "INFO")).contains("cluster_state:ok")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("TLS cluster node " + n + " did not reach cluster_state:ok");
                    }
                    ServerProcess.sleep(50);
                }
            }
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** {@code redis-cli --tls --cacert CA -h HOST -p PORT args...} against {@code node}; returns its output. */
    public String cli(RedisServer node, Duration timeout, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ServerProcess.requireExecutable("redis-cli", RedisServers.PACKAGES),
                "--tls", "--cacert", tls.caCert().toString(), "-h", node.host(), "-p", Integer.toString(node.port())));
        cmd.addAll(args);
        return ServerProcess.run(node.directory(), timeout, cmd);
    }

    /** {@code rediss-cluster://127.0.0.1:P1,127.0.0.1:P2,...?cacert=CA}: every node as a seed. */
    public String url() {
        return "rediss-cluster://" + nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","))
                + "?cacert=" + tls.caCert().toAbsolutePath();
    }

    /** The folder of the CA and certificate. */
    public Path certificates() {
        return tls.caCert().getParent();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
