package dev.depot.testkit.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Throwaway MariaDB servers for tests: {@code mariadb-install-db} into a directory of their own,
 * then {@code mariadbd --no-defaults} on a free loopback port (socket in a temporary directory),
 * with {@code max_allowed_packet} large enough for a 16 MiB value. The server's {@code root}
 * user has no password; {@link MariaDbServer#url()} uses the user {@value #USER} with password
 * {@value #PASSWORD}, allowed everything, so tests see passwords masked.
 *
 * <p>Never touches a MariaDB the machine already runs. {@link #shared()} starts one per JVM. A
 * missing binary fails with a message naming the Debian package.
 */
public final class MariaDbServers {
    /** The Debian packages that provide {@code mariadbd}, {@code mariadb-install-db} and {@code mariadb}. */
    public static final String PACKAGES = "mariadb-server mariadb-client";
    /** The test user every throwaway server has. */
    public static final String USER = "depot";
    /** Its password. */
    public static final String PASSWORD = "depot-secret";

    private MariaDbServers() {}

    /** A server with the default settings, shared by the whole JVM. */
    public static MariaDbServer shared() {
        return SharedServer.get("mariadb", () -> builder().start());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a throwaway MariaDB. */
    public static final class Builder {
        private String maxAllowedPacket = "64M";
        private int maxConnections = 151;
        private boolean tls;

        private Builder() {}

        /**
         * TLS only: a fresh CA and a server certificate naming {@code localhost} alone, and
         * {@code require_secure_transport=ON}, so a TCP connection without TLS is refused (the
         * {@link MariaDbServer#sql} client still goes over the unix socket).
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** {@code max_allowed_packet} (default 64M: a 16 MiB value and then some). */
        public Builder maxAllowedPacket(String size) {
            this.maxAllowedPacket = size;
            return this;
        }

        /** {@code max_connections} (default 151, MariaDB's stock value). */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        public MariaDbServer start() {
            String server = ServerProcess.requireExecutable("mariadbd", PACKAGES);
            String install = ServerProcess.requireExecutable("mariadb-install-db", PACKAGES);
            String client = ServerProcess.requireExecutable("mariadb", PACKAGES);
            Path dir = PostgresServers.newServerDir("mariadb");
            Path data = dir.resolve("data");
            Path sockets = PostgresServers.socketDir("mariadb");
            Path socket = sockets.resolve("mariadb.sock");
            boolean root = PostgresServers.root();
            RedisServers.TlsFiles tlsFiles = tls ? TlsCertificates.server(dir.resolve("tls"), "localhost") : null;
            if (root) {
                PostgresServers.chown(dir, "mysql");
                PostgresServers.chown(sockets, "mysql");
            }
            List<String> installCmd = new ArrayList<>(List.of(install, "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db"));
            if (root) {
                installCmd.add("--user=mysql");
            }
            ServerProcess.run(dir, Duration.ofMinutes(2), installCmd);
            return FreePorts.startOnAFreePort(port -> {
                List<String> cmd = new ArrayList<>(List.of(server, "--no-defaults", "--datadir=" + data,
                        "--socket=" + socket, "--port=" + port, "--bind-address=127.0.0.1",
                        "--pid-file=" + dir.resolve("mariadb.pid"), "--max-allowed-packet=" + maxAllowedPacket,
                        "--max-connections=" + maxConnections, "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=2",
                        "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=64M", "--skip-log-bin",
                        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_nopad_bin"));
                if (root) {
                    cmd.add("--user=mysql");
                }
                if (tlsFiles != null) {
                    cmd.addAll(List.of("--ssl-ca=" + tlsFiles.caCert(), "--ssl-cert=" + tlsFiles.serverCert(),
                            "--ssl-key=" + tlsFiles.serverKey(), "--require-secure-transport=ON"));
                }
                ServerProcess process = ServerProcess.builder("mariadb-" + port, cmd).port(port).directory(dir)
                        .readyLogLine("ready for connections").startTimeout(Duration.ofSeconds(90)).start();
                MariaDbServer s = new MariaDbServer(process, client, socket, tlsFiles);
                s.sql("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                        + " GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;");
                return s;
            });
        }
    }

    /** One throwaway MariaDB. */
    public static final class MariaDbServer extends ServerHandle {
        private final String client;
        private final Path socket;
        private final RedisServers.TlsFiles tls;

        MariaDbServer(ServerProcess process, String client, Path socket, RedisServers.TlsFiles tls) {
            super("MariaDB", process);
            this.client = client;
            this.socket = socket;
            this.tls = tls;
        }

        /** The CA and server certificate when the server accepts TLS connections only. */
        public Optional<RedisServers.TlsFiles> tls() {
            return Optional.ofNullable(tls);
        }

        /**
         * The Depot URL of {@code database} as {@value #USER} over verified TLS: host
         * {@code localhost} (the name the certificate holds), {@code sslMode=verify-full} with the CA
         * as {@code serverSslCert}.
         *
         * @throws IllegalStateException when the server was not started with TLS
         */
        public String tlsUrl(String database) {
            if (tls == null) {
                throw new IllegalStateException(this + " was started without TLS");
            }
            return "mariadb://" + USER + ":" + PASSWORD + "@localhost:" + port() + "/" + database
                    + "?sslMode=verify-full&serverSslCert=" + tls.caCert();
        }

        /** The Depot URL of database {@code depot} as {@value #USER} (created on demand by Depot). */
        public String url() {
            return url("depot");
        }

        public String url(String database) {
            return "mariadb://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port() + "/" + database;
        }

        /** Runs SQL with the {@code mariadb} client as root over the socket; returns tab-separated rows. */
        public String sql(String sql) {
            return ServerProcess.run(null, Duration.ofMinutes(1), List.of(client, "--no-defaults", "-uroot",
                    "--socket=" + socket, "-N", "-B", "-e", sql));
        }
    }
}
