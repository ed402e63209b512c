package dev.depot.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throwaway Redis servers for tests, started from the installed {@code redis-server} on free
 * loopback ports, each with a directory of its own: a plain server, a TLS-only server with
 * certificates made by {@code openssl}, a Cluster of masters joined with
 * {@code redis-cli --cluster create}, and a Sentinel watching a server.
 *
 * <p>Never touches a Redis the machine already runs (such as one on 6379). Servers are stopped on
 * {@code close()} and at JVM exit. When {@code redis-server}, {@code redis-cli} or {@code openssl}
 * are missing, starting fails with a message naming the Debian packages to install; a test that
 * needs a server therefore fails, it does not skip.
 *
 * <p>The {@code shared*()} methods start one server of each kind per JVM on first use, for test
 * classes that can share it (each test uses its own prefix); the {@code start*()} methods and
 * {@link #builder()} start private ones, e.g. for fault tests that kill and restart them.
 *
 * <p>This class is long because it launches four kinds of Redis (plain, TLS with its certificates, Cluster, Sentinel) that share one configuration writer.
 */
public final class RedisServers {
    /** Debian packages that provide {@code redis-server} and {@code redis-cli}. */
    public static final String PACKAGES = "redis-server redis-tools";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private RedisServers() {}

    /** The certificate files of a TLS server: its CA (to trust), and its own certificate and key. */
    public record TlsFiles(Path caCert, Path caKey, Path serverCert, Path serverKey) {}

    /** A plain server without persistence, shared by the whole JVM. */
    public static RedisServer shared() {
        return SharedServer.get("redis", RedisServers::startPlain);
    }

    /** A TLS-only server without persistence, shared by the whole JVM. */
    public static RedisServer sharedTls() {
        return SharedServer.get("redis-tls", RedisServers::startTls);
    }

    /** A 3-master Cluster, shared by the whole JVM. */
    public static RedisCluster sharedCluster() {
        return SharedServer.get("redis-cluster", () -> startCluster(3));
    }

    /** A new plain server without persistence. */
    public static RedisServer startPlain() {
        return builder().start();
    }

    /** A new server that accepts TLS connections only, with a fresh CA and server certificate. */
    public static RedisServer startTls() {
        return builder().tls().start();
    }

    /** A new Redis settings builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts {@code masters} cluster-enabled servers (ports at most
     * {@value FreePorts#MAX_CLUSTER_PORT}, bus port {@code +10000}), joins them with
     * {@code redis-cli --cluster create --cluster-yes} and waits until every node reports
     * {@code cluster_state:ok}.
     */
    public static RedisCluster startCluster(int masters) {
        AtLeast.check(3, masters, "Redis Cluster needs at least 3 masters");
        String cli = ServerProcess.requireExecutable("redis-cli", PACKAGES);
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(builder().clusterNode().start());
            }
            List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
            for (RedisServer n : nodes) {
                create.add(n.host() + ":" + n.port());
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            ServerProcess.run(nodes.get(0).directory(), Duration.ofSeconds(60), create);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (RedisServer n : nodes) {
                while (!n.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("cluster node " + n + " did not reach cluster_state:ok:\n"
                                + n.cli("CLUSTER", "INFO"));
                    }
                    ServerProcess.sleep(50);
                }
            }
            return new RedisCluster(nodes);
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /**
     * Starts a Sentinel ({@code redis-server --sentinel}) that monitors {@code master} under
     * {@code masterName} with a quorum of 1.
     */
    public static RedisServer startSentinel(RedisServer master, String masterName) {
        return startSentinel(master, masterName, null);
    }

    /**
     * Like {@link #startSentinel(RedisServer, String)} for a master that needs a password
     * ({@code masterPassword}, or null for none); the Sentinel itself needs none.
     */
    public static RedisServer startSentinel(RedisServer master, String masterName, String masterPassword) {
        Objects.requireNonNull(master, "master");
        if (!masterName.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("master name must be [A-Za-z0-9_-]+, not " + masterName);
        }
        if (master.tls().isPresent()) {
            throw new IllegalArgumentException("a Sentinel over a TLS master is not supported by this launcher");
        }
        List<String> lines = new ArrayList<>(List.of(
                "sentinel monitor " + masterName + " " + master.host() + " " + master.port() + " 1",
                "sentinel down-after-milliseconds " + masterName + " 2000",
                "sentinel failover-timeout " + masterName + " 10000"));
        if (masterPassword != null) {
            if (masterPassword.contains(" ")) {
                throw new IllegalArgumentException("the master password must not contain spaces");
            }
            lines.add("sentinel auth-pass " + masterName + " " + masterPassword);
        }
        return builder().sentinel(lines).start();
    }

    /** Settings of one server. Not thread-safe. */
    public static final class Builder {
        private boolean tls;
        private boolean persistent;
        private boolean clusterNode;
        private List<String> sentinel;
        private String requirePass;
        private final List<String> config = new ArrayList<>();
        private int port;

        private Builder() {}

        /** Accept TLS connections only ({@code port 0}, {@code tls-port}), with fresh certificates. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** Keep data on disk ({@code appendonly yes}, fsync always), so it survives a restart. */
        public Builder persistent() {
            this.persistent = true;
            return this;
        }

        /** Password of the {@code default} user ({@code requirepass}). */
        public Builder requirePass(String password) {
            this.requirePass = Objects.requireNonNull(password, "password");
            return this;
        }

        /** An ACL user with every permission on every key: {@code user NAME on >PASSWORD ~* &* +@all}. */
        public Builder aclUser(String name, String password) {
            if (!name.matches("[A-Za-z0-9_-]+") || password.contains(" ")) {
                throw new IllegalArgumentException("user name [A-Za-z0-9_-]+ and a password without spaces");
            }
            config.add("user " + name + " on >" + password + " ~* &* +@all");
            return this;
        }

        /** Another line of {@code redis.conf}, e.g. {@code "maxmemory 10mb"}. */
        public Builder config(String line) {
            config.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /** A fixed port instead of a free one picked at random. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        Builder clusterNode() {
            this.clusterNode = true;
            return this;
        }

        Builder sentinel(List<String> lines) {
            this.sentinel = List.copyOf(lines);
            return this;
        }

        /**
         * Starts the server and waits until it accepts connections. When the port picked at random
         * is taken by someone else in the meantime, tries again on another one.
         */
        public RedisServer start() {
            String server = ServerProcess.requireExecutable("redis-server", PACKAGES);
            for (int attempt = 1; ; attempt++) {
                int p = port != 0 ? port : clusterNode ? FreePorts.withBusPort() : FreePorts.find();
                try {
                    return startOn(server, p);
                } catch (IllegalStateException e) {
                    boolean portTaken = String.valueOf(e.getMessage()).contains("Address already in use");
                    if (!portTaken || port != 0 || attempt == 3) {
                        throw e;
                    }
                }
            }
        }

        private RedisServer startOn(String server, int p) {
            String kind = sentinel != null ? "sentinel" : clusterNode ? "redis-cluster" : tls ? "redis-tls" : "redis";
            Path dir = PostgresServers.newServerDir(kind + "-" + p);
            List<String> conf = new ArrayList<>();
            conf.add("bind 127.0.0.1");
            conf.add("dir " + dir.toAbsolutePath());
            conf.add("daemonize no");
            conf.add("logfile \"\"");
            TlsFiles files = null;
            if (sentinel != null) {
                conf.add("port " + p);
                conf.addAll(sentinel);
            } else {
                if (tls) {
                    files = certificates(dir, "localhost");
                    conf.add("port 0");
                    conf.add("tls-port " + p);
                    conf.add("tls-cert-file " + files.serverCert());
                    conf.add("tls-key-file " + files.serverKey());
                    conf.add("tls-ca-cert-file " + files.caCert());
                    conf.add("tls-auth-clients no");
                } else {
                    conf.add("port " + p);
                }
                if (persistent) {
                    conf.add("save \"\"");
                    conf.add("appendonly yes");
                    conf.add("appendfsync always");
                } else {
                    conf.add("save \"\"");
                    conf.add("appendonly no");
                }
                if (clusterNode) {
                    conf.add("cluster-enabled yes");
                    conf.add("cluster-config-file nodes.conf");
                    conf.add("cluster-node-timeout 3000");
                }
                if (requirePass != null) {
                    conf.add("requirepass " + requirePass);
                }
            }
            conf.addAll(config);
            Path confFile = dir.resolve(sentinel != null ? "sentinel.conf" : "redis.conf");
            try {
                Files.write(confFile, conf, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + confFile, e);
            }
            List<String> command = new ArrayList<>(List.of(server, confFile.toAbsolutePath().toString()));
            if (sentinel != null) {
                command.add("--sentinel");
            }
            ServerProcess process = ServerProcess.builder(kind, command)
                    .directory(dir)
                    .port(p)
                    .readyLogLine(sentinel != null ? "+monitor" : "Ready to accept connections")
                    .stopGrace(Duration.ofSeconds(5))
                    .start();
            return new RedisServer(process, files, requirePass);
        }
    }

    /**
     * Generates a fresh CA and a server certificate for {@code host} (also valid for
     * {@code localhost} and {@code 127.0.0.1}) with {@code openssl} into {@code dir}.
     */
    public static TlsFiles certificates(Path dir, String host) {
        return TlsCertificates.server(dir, host, "localhost", "127.0.0.1");
    }

    /**
     * Where servers keep their directories: {@code depot.servers.dir} when set, else
     * {@code target/servers} under the working directory when {@code target} exists (Maven
     * runs tests in the module directory), else a new temporary directory.
     */
    static synchronized Path baseDir() {
        String configured = System.getProperty("depot.servers.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        if (Files.isDirectory(Path.of("target"))) {
            return Path.of("target", "servers").toAbsolutePath();
        }
        try {
            if (tempBase == null) {
                tempBase = Files.createTempDirectory("depot-servers-");
            }
            return tempBase;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    private static Path tempBase;

    /** One running {@code redis-server} (or Sentinel). Closing it stops the process. */
    public static final class RedisServer extends ServerHandle {
        private final TlsFiles tls;
        private final String password;

        RedisServer(ServerProcess process, TlsFiles tls, String password) {
            super(process.name(), process);
            this.tls = tls;
            this.password = password;
        }

        public Path directory() {
            return process().directory();
        }

        /** The certificates when this server speaks TLS only. */
        public Optional<TlsFiles> tls() {
            return Optional.ofNullable(tls);
        }

        /**
         * {@code redis://127.0.0.1:PORT}, or {@code rediss://127.0.0.1:PORT?cacert=CA} for TLS; no
         * credentials (add them when the server has some).
         */
        public String url() {
            if (tls != null) {
                return "rediss://" + host() + ":" + port() + "?cacert=" + tls.caCert().toAbsolutePath();
            }
            return "redis://" + host() + ":" + port();
        }

        /** Runs {@code redis-cli} against this server with the given arguments and returns its output. */
        public String cli(String... args) {
            List<String> cmd = new ArrayList<>(List.of(ServerProcess.requireExecutable("redis-cli", PACKAGES),
                    "-h", host(), "-p", Integer.toString(port())));
            if (tls != null) {
                cmd.addAll(List.of("--tls", "--cacert", tls.caCert().toString()));
            }
            if (password != null) {
                cmd.addAll(List.of("--no-auth-warning", "-a", password));
            }
            cmd.addAll(List.of(args));
            return ServerProcess.run(directory(), Duration.ofSeconds(30), cmd);
        }
    }

    /** A running Redis Cluster of masters. Closing it stops every node. */
    public static final class RedisCluster implements AutoCloseable {
        private final List<RedisServer> nodes;

        RedisCluster(List<RedisServer> nodes) {
            this.nodes = List.copyOf(nodes);
        }

        public List<RedisServer> nodes() {
            return nodes;
        }

        /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,...}: every node as a seed. */
        public String url() {
            StringBuilder sb = new StringBuilder("redis-cluster://");
            for (int i = 0; i < nodes.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(nodes.get(i).host()).append(':').append(nodes.get(i).port());
            }
            return sb.toString();
        }

        @Override
        public void close() {
            nodes.forEach(RedisServer::close);
        }

        @Override
        public String toString() {
            return "RedisCluster" + nodes;
        }
    }
}
