package dev.depot.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Throwaway PostgreSQL servers for tests: {@code initdb} into a directory of their own (trust
 * authentication, superuser {@code postgres}, UTF-8, C locale), then {@code postgres} on a free
 * loopback port with its unix socket in a temporary directory. When the JVM runs as root, the
 * server runs as the {@code postgres} user on directories it owns.
 *
 * <p>Never touches a PostgreSQL the machine already runs. {@link #shared()} starts one server per
 * JVM on first use; {@link #builder()} starts private ones (e.g. with {@code max_connections=20}
 * for a connection-budget test, or to stop and restart in a fault test). A missing binary fails
 * with a message naming the Debian package; tests that need a server fail, they never skip.
 * {@link Builder#tls()} and {@link Builder#clientCertificates()} start TLS-only servers.
 *
 * <p>This class is long because it also holds the helpers every launcher of this package shares
 * (users, directories, sockets) next to the builder and the server handle.
 */
public final class PostgresServers {
    /** The Debian package that provides {@code initdb} and {@code postgres}. */
    public static final String PACKAGES = "postgresql";
    /** The superuser every throwaway server has, with trust authentication. */
    public static final String SUPERUSER = "postgres";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private PostgresServers() {}

    /** A server with the default settings, shared by the whole JVM. */
    public static PostgresServer shared() {
        return SharedServer.get("postgres", () -> builder().start());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The folder of the newest installed PostgreSQL's programs, e.g. {@code /usr/lib/postgresql/15/bin}. */
    static Path binDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path best = versions.filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
                        .max(Comparator.comparingInt(p -> versionOf(p.getFileName().toString()))).orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String initdb = ServerProcess.requireExecutable("initdb", PACKAGES);
        return Path.of(initdb).getParent();
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- shared by the launchers of this package ----

    /** True when this JVM runs as root, so servers must drop to their own user. */
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code command} run as {@code user} when this JVM is root ({@code setpriv}, which execs: the pid is the server's). */
    static List<String> as(String user, List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of(ServerProcess.requireExecutable("setpriv", "util-linux"),
                "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
        c.addAll(command);
        return c;
    }

    /** Gives {@code dir} and everything in it to {@code user} when this JVM is root. */
    static void chown(Path dir, String user) {
        if (root()) {
            ServerProcess.run(null, Duration.ofSeconds(30), List.of("chown", "-R", user + ":" + user, dir.toString()));
        }
    }

    /** A new directory for one server, under {@link RedisServers#baseDir()}. */
    static Path newServerDir(String kind) {
        try {
            Path base = RedisServers.baseDir();
            Files.createDirectories(base);
            Path dir = base.toAbsolutePath().resolve(kind + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet()
                    + "-" + System.nanoTime() % 100_000);
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a server directory", e);
        }
    }

    /** A short temporary directory for unix sockets (their paths are limited to about 100 bytes). */
    static Path socketDir(String kind) {
        try {
            return Files.createTempDirectory("depot-" + kind + "-sock-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a socket directory", e);
        }
    }

    /** Settings of a throwaway PostgreSQL. */
    public static final class Builder {
        private int maxConnections = 100;
        private final List<String> settings = new ArrayList<>();
        private boolean tls;
        private boolean clientCertificates;

        private Builder() {}

        /** {@code max_connections} (default 100, PostgreSQL's stock value). */
        public Builder maxConnections(int max) {
            this.maxConnections = AtLeast.check(5, max, "max_connections must be at least 5");
            return this;
        }

        /** Any other server setting, e.g. {@code "log_statement=ddl"}. */
        public Builder setting(String nameEqualsValue) {
            if (!nameEqualsValue.contains("=")) {
                throw new IllegalArgumentException("a setting is name=value, not " + nameEqualsValue);
            }
            settings.add(nameEqualsValue);
            return this;
        }

        /**
         * TLS only: {@code ssl=on} with a fresh CA and a server certificate naming
         * {@code localhost} alone (so connecting as {@code 127.0.0.1} with
         * {@code sslmode=verify-full} is refused), and {@code pg_hba.conf} lines {@code hostssl}
         * only, so a connection without TLS is refused. {@code psql} then goes over the unix socket.
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * Mutual TLS: {@link #tls()}, and every TCP connection must show a client certificate
         * signed by the server's CA whose common name is the user ({@code clientcert=verify-full});
         * {@link PostgresServer#clientCertificate()} holds one for {@value #SUPERUSER}.
         */
        public Builder clientCertificates() {
            this.tls = true;
            this.clientCertificates = true;
            return this;
        }

        /** Runs {@code initdb}, starts the server and waits until it accepts connections. */
        public PostgresServer start() {
            Path bin = binDir();
            for (String p : List.of("initdb", "postgres", "pg_ctl")) {
                ServerProcess.requireExecutable(bin.resolve(p).toString(), PACKAGES);
            }
            Path dir = newServerDir("postgres");
            Path data = dir.resolve("data");
            Path sockets = socketDir("pg");
            RedisServers.TlsFiles tlsFiles = tls ? TlsCertificates.server(dir.resolve("tls"), "localhost") : null;
            TlsCertificates.ClientFiles client = clientCertificates
                    ? TlsCertificates.client(tlsFiles, dir.resolve("tls-client"), SUPERUSER) : null;
            chown(dir, SUPERUSER);
            chown(sockets, SUPERUSER);
            ServerProcess.run(dir, Duration.ofMinutes(2), as(SUPERUSER, List.of(bin.resolve("initdb").toString(),
                    "-D", data.toString(), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")));
            List<String> tlsSettings = tlsFiles == null ? List.of() : tlsOnly(data, tlsFiles, clientCertificates);
            return FreePorts.startOnAFreePort(port -> {
                List<String> cmd = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                        "-p", Integer.toString(port), "-k", sockets.toString(), "-c", "listen_addresses=127.0.0.1",
                        "-c", "max_connections=" + maxConnections, "-c", "fsync=off", "-c", "full_page_writes=off",
                        "-c", "shared_buffers=32MB"));
                for (String s : concat(tlsSettings, settings)) {
                    cmd.add("-c");
                    cmd.add(s);
                }
                ServerProcess process = ServerProcess.builder("postgres-" + port, as(SUPERUSER, cmd))
                        .port(port).directory(dir).readyLogLine("ready to accept connections")
                        .startTimeout(Duration.ofSeconds(60)).start();
                return new PostgresServer(process, bin, data, sockets, tlsFiles, client);
            });
        }

        /** Writes a {@code pg_hba.conf} of {@code hostssl} lines only and returns the server's TLS settings. */
        private static List<String> tlsOnly(Path data, RedisServers.TlsFiles files, boolean clientCertificates) {
            String auth = "trust" + (clientCertificates ? " clientcert=verify-full" : "");
            try {
                Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                        "local all all trust",
                        "hostssl all all 127.0.0.1/32 " + auth,
                        "hostssl all all ::1/128 " + auth,
                        ""));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write pg_hba.conf in " + data, e);
            }
            return List.of("ssl=on", "ssl_cert_file=" + files.serverCert(), "ssl_key_file=" + files.serverKey(),
                    "ssl_ca_file=" + files.caCert());
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    /** One throwaway PostgreSQL: superuser {@value #SUPERUSER} with trust authentication. */
    public static final class PostgresServer extends ServerHandle {
        private final Path bin;
        private final Path data;
        private final Path sockets;
        private final RedisServers.TlsFiles tls;
        private final TlsCertificates.ClientFiles client;

        PostgresServer(ServerProcess process, Path bin, Path data, Path sockets) {
            this(process, bin, data, sockets, null, null);
        }

        PostgresServer(ServerProcess process, Path bin, Path data, Path sockets, RedisServers.TlsFiles tls,
                       TlsCertificates.ClientFiles client) {
            super("PostgreSQL", process);
            this.bin = bin;
            this.data = data;
            this.sockets = sockets;
            this.tls = tls;
            this.client = client;
        }

        /** The CA and server certificate when the server accepts TLS connections only. */
        public Optional<RedisServers.TlsFiles> tls() {
            return Optional.ofNullable(tls);
        }

        /** A client certificate for {@value #SUPERUSER} when the server demands one. */
        public Optional<TlsCertificates.ClientFiles> clientCertificate() {
            return Optional.ofNullable(client);
        }

        /**
         * The Depot URL of {@code database} over verified TLS: host {@code localhost} (the name
         * the certificate holds), {@code sslmode=verify-full} with the CA, and the client
         * certificate and key when the server demands them.
         *
         * @throws IllegalStateException when the server was not started with TLS
         */
        public String tlsUrl(String database) {
            if (tls == null) {
                throw new IllegalStateException(this + " was started without TLS");
            }
            String url = "postgres://" + SUPERUSER + "@localhost:" + port() + "/" + database
                    + "?sslmode=verify-full&sslrootcert=" + tls.caCert();
            return client == null ? url : url + "&sslcert=" + client.cert() + "&sslkey=" + client.key();
        }

        /** The Depot URL of database {@code depot} as the superuser (created on demand by Depot). */
        public String url() {
            return url("depot");
        }

        /** The Depot URL of {@code database} as the superuser. */
        public String url(String database) {
            return "postgres://" + SUPERUSER + "@127.0.0.1:" + port() + "/" + database;
        }

        /** The JDBC URL of {@code database} (user {@value #SUPERUSER}, no password). */
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=" + SUPERUSER;
        }

        /** Runs SQL with {@code psql} as the superuser in {@code database}; returns unaligned rows. */
        public String psql(String database, String sql) {
            // a TLS-only server may want a client certificate over TCP; its unix socket trusts
            String host = tls != null ? sockets.toString() : "127.0.0.1";
            return ServerProcess.run(null, Duration.ofMinutes(1), List.of(bin.resolve("psql").toString(), "-h", host,
                    "-p", Integer.toString(port()), "-U", SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-X", "-A", "-t",
                    "-c", sql));
        }

        /** Stops the server with a fast shutdown (clients are disconnected, nothing is lost). */
        @Override
        public synchronized void stop() {
            ServerProcess process = process();
            if (process.isAlive()) {
                try {
                    ServerProcess.run(null, Duration.ofSeconds(60), as(SUPERUSER, List.of(bin.resolve("pg_ctl").toString(),
                            "stop", "-D", data.toString(), "-m", "fast", "-w")));
                } catch (IllegalStateException e) {
                    process.stop();
                }
            }
            process.stop();
        }

        /** Starts the stopped server again on the same port and data. */
        public synchronized void start() {
            restart();
        }

        @Override
        public synchronized void close() {
            stop();
            super.close();
            try (Stream<Path> s = Files.list(sockets)) {
                s.forEach(p -> p.toFile().delete());
                Files.deleteIfExists(sockets);
            } catch (IOException ignored) {
                // a leftover socket directory in /tmp is harmless
            }
        }
    }
}
