package dev.depot.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Throwaway PgBouncers for tests, in front of a throwaway PostgreSQL: {@code pool_mode =
 * transaction}, a server pool smaller than a client's (3 by default), trust authentication with
 * its own {@code userlist.txt}, every database of the server ({@code * =}), on a free loopback
 * port. Runs as the {@code postgres} user when the JVM is root (PgBouncer refuses root).
 *
 * <p>{@link #builder} adds client TLS and other limits. {@link #shared()} puts one in front of {@link PostgresServers#shared()}. A missing binary
 * fails with a message naming the Debian package.
 */
public final class PgBouncerServers {
    /** The Debian package that provides {@code pgbouncer}. */
    public static final String PACKAGES = "pgbouncer";

    private PgBouncerServers() {}

    /** A PgBouncer in transaction mode in front of the JVM's shared PostgreSQL. */
    public static PgBouncer shared() {
        return SharedServer.get("pgbouncer", () -> start(PostgresServers.shared(), 3));
    }

    /** A PgBouncer in transaction mode with {@code poolSize} server connections per database and user. */
    public static PgBouncer start(PostgresServers.PostgresServer postgres, int poolSize) {
        return builder(postgres).poolSize(poolSize).start();
    }

    /** Settings of a PgBouncer in transaction mode in front of {@code postgres}. */
    public static Builder builder(PostgresServers.PostgresServer postgres) {
        return new Builder(postgres);
    }

    /** Settings of one PgBouncer. Not thread-safe. */
    public static final class Builder {
        private final PostgresServers.PostgresServer postgres;
        private int poolSize = 3;
        private int maxClientConn = 500;
        private boolean tls;
        private int serverLoginRetrySeconds = 1;

        private Builder(PostgresServers.PostgresServer postgres) {
            this.postgres = Objects.requireNonNull(postgres, "postgres");
        }

        /** {@code default_pool_size} and {@code max_db_connections}: server connections per database (default 3). */
        public Builder poolSize(int poolSize) {
            this.poolSize = AtLeast.check(1, poolSize, "a pool has at least one connection");
            return this;
        }

        /** {@code max_client_conn}: client connections PgBouncer accepts in all (default 500). */
        public Builder maxClientConn(int maxClientConn) {
            this.maxClientConn = AtLeast.check(1, maxClientConn, "max_client_conn is at least 1");
            return this;
        }

        /**
         * {@code server_login_retry}: how long PgBouncer waits after a failed login to the server
         * before it tries again. 1 s here by default, so failover tests do not wait out
         * PgBouncer's own default of {@value #PGBOUNCER_DEFAULT_SERVER_LOGIN_RETRY_SECONDS} s; give
         * that for the sibling test at the defaults an operator runs with.
         */
        public Builder serverLoginRetry(int seconds) {
            this.serverLoginRetrySeconds = AtLeast.check(0, seconds, "server_login_retry is not negative");
            return this;
        }

        /** PgBouncer's own default {@code server_login_retry}, in seconds. */
        public static final int PGBOUNCER_DEFAULT_SERVER_LOGIN_RETRY_SECONDS = 15;

        /**
         * Client TLS only ({@code client_tls_sslmode = require}) with a fresh CA and a certificate
         * naming {@code localhost} alone; PgBouncer talks to PostgreSQL as that server allows.
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** Writes the configuration, starts PgBouncer on a free port and waits until it listens. */
        public PgBouncer start() {
            String binary = ServerProcess.requireExecutable("pgbouncer", PACKAGES);
            Path dir = PostgresServers.newServerDir("pgbouncer");
            RedisServers.TlsFiles tlsFiles = tls ? TlsCertificates.server(dir.resolve("tls"), "localhost") : null;
            return FreePorts.startOnAFreePort(port -> {
                Path ini = dir.resolve("pgbouncer.ini");
                List<String> lines = new ArrayList<>(List.of(
                        "[databases]",
                        "* = host=127.0.0.1 port=" + postgres.port(),
                        "[pgbouncer]",
                        "listen_addr = 127.0.0.1",
                        "listen_port = " + port,
                        "unix_socket_dir =",
                        "auth_type = trust",
                        "auth_file = " + dir.resolve("userlist.txt"),
                        "pool_mode = transaction",
                        "default_pool_size = " + poolSize,
                        "min_pool_size = 0",
                        "reserve_pool_size = 0",
                        "max_client_conn = " + maxClientConn,
                        "max_db_connections = " + poolSize,
                        "ignore_startup_parameters = extra_float_digits,options",
                        "server_reset_query =",
                        "server_login_retry = " + serverLoginRetrySeconds,
                        "admin_users = " + PostgresServers.SUPERUSER,
                        "log_connections = 0",
                        "log_disconnections = 0"));
                if (tlsFiles != null) {
                    lines.addAll(List.of("client_tls_sslmode = require",
                            "client_tls_cert_file = " + tlsFiles.serverCert(),
                            "client_tls_key_file = " + tlsFiles.serverKey(),
                            "client_tls_ca_file = " + tlsFiles.caCert()));
                }
                lines.add("");
                try {
                    Files.writeString(dir.resolve("userlist.txt"), "\"" + PostgresServers.SUPERUSER + "\" \"\"\n");
                    Files.writeString(ini, String.join("\n", lines));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + ini, e);
                }
                PostgresServers.chown(dir, PostgresServers.SUPERUSER);
                ServerProcess process = ServerProcess.builder("pgbouncer-" + port,
                                PostgresServers.as(PostgresServers.SUPERUSER, List.of(binary, ini.toString())))
                        .port(port).directory(dir).readyLogLine("process up").startTimeout(Duration.ofSeconds(30)).start();
                return new PgBouncer(process, poolSize, tlsFiles);
            });
        }
    }

    /** One throwaway PgBouncer. */
    public static final class PgBouncer extends ServerHandle {
        private final int poolSize;
        private final RedisServers.TlsFiles tls;

        PgBouncer(ServerProcess process, int poolSize, RedisServers.TlsFiles tls) {
            super("PgBouncer", process);
            this.poolSize = poolSize;
            this.tls = tls;
        }

        /** The CA and certificate when PgBouncer accepts TLS clients only. */
        public Optional<RedisServers.TlsFiles> tls() {
            return Optional.ofNullable(tls);
        }

        /**
         * Like {@link #url(String, String)} over verified TLS to PgBouncer: host {@code localhost}
         * (the name its certificate holds), {@code sslmode=verify-full} with its CA.
         *
         * @throws IllegalStateException when PgBouncer was started without TLS
         */
        public String tlsUrl(String database, String directUrl) {
            if (tls == null) {
                throw new IllegalStateException(this + " was started without TLS");
            }
            return "postgres://" + PostgresServers.SUPERUSER + "@localhost:" + port() + "/" + database
                    + "?preparedStatements=false&sslmode=verify-full&sslrootcert=" + tls.caCert()
                    + "&directUrl=" + URLEncoder.encode(directUrl, StandardCharsets.UTF_8);
        }

        /**
         * Runs a command of PgBouncer's admin console (e.g. {@code SHOW POOLS}) with {@code psql}
         * as {@value PostgresServers#SUPERUSER}; returns unaligned rows separated by {@code |}.
         */
        public String admin(String command) {
            String psql = PostgresServers.binDir().resolve("psql").toString();
            return ServerProcess.run(null, Duration.ofSeconds(30), List.of(psql, "-h", "127.0.0.1",
                    "-p", Integer.toString(port()), "-U", PostgresServers.SUPERUSER, "-d", "pgbouncer", "-X", "-A", "-t",
                    "-c", command));
        }

        /**
         * Points every database ({@code * =}) at {@code postgres} instead, as an operator does
         * after a failover: rewrites the {@code [databases]} entry of {@code pgbouncer.ini} and
         * sends {@code RELOAD} on the admin console. PgBouncer then opens new server connections
         * to the new address; clients stay connected to PgBouncer.
         */
        public synchronized void repoint(PostgresServers.PostgresServer postgres) {
            Path ini = process().directory().resolve("pgbouncer.ini");
            try {
                String text = Files.readString(ini).replaceAll("(?m)^\\* = host=.*$", "* = host=127.0.0.1 port=" + postgres.port());
                Files.writeString(ini, text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rewrite " + ini, e);
            }
            ServerProcess.run(null, Duration.ofSeconds(30), List.of(PostgresServers.binDir().resolve("psql").toString(),
                    "-h", "127.0.0.1", "-p", Integer.toString(port()), "-U", PostgresServers.SUPERUSER, "-d", "pgbouncer",
                    "-X", "-c", "RELOAD"));
        }

        /** Server connections per database and user. */
        public int poolSize() {
            return poolSize;
        }

        /** The Depot URL of {@code database} through PgBouncer, with {@code preparedStatements=false}. */
        public String url(String database) {
            return "postgres://" + PostgresServers.SUPERUSER + "@127.0.0.1:" + port() + "/" + database + "?preparedStatements=false";
        }

        /**
         * Like {@link #url(String)}, with DDL going to {@code directUrl} (PostgreSQL itself), given
         * URL-encoded as the store's {@code directUrl} parameter.
         */
        public String url(String database, String directUrl) {
            return url(database) + "&directUrl=" + URLEncoder.encode(directUrl, StandardCharsets.UTF_8);
        }
    }
}
