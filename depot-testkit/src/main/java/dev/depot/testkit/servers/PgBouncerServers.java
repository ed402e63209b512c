package dev.depot.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Throwaway PgBouncers for tests, in front of a throwaway PostgreSQL: {@code pool_mode =
 * transaction}, a server pool smaller than a client's (3 by default), trust authentication with
 * its own {@code userlist.txt}, every database of the server ({@code * =}), on a free loopback
 * port. Runs as the {@code postgres} user when the JVM is root (PgBouncer refuses root).
 *
 * <p>{@link #shared()} puts one in front of {@link PostgresServers#shared()}. A missing binary
 * fails with a message naming the Debian package.
 */
public final class PgBouncerServers {
    /** The Debian package that provides {@code pgbouncer}. */
    public static final String PACKAGES = "pgbouncer";
    private static final SharedServer<PgBouncer> SHARED = new SharedServer<>(() -> start(PostgresServers.shared(), 3));

    private PgBouncerServers() {}

    /** A PgBouncer in transaction mode in front of the JVM's shared PostgreSQL. */
    public static PgBouncer shared() {
        return SHARED.get();
    }

    /** A PgBouncer in transaction mode with {@code poolSize} server connections per database and user. */
    public static PgBouncer start(PostgresServers.PostgresServer postgres, int poolSize) {
        String binary = ServerProcess.requireExecutable("pgbouncer", PACKAGES);
        Path dir = PostgresServers.newServerDir("pgbouncer");
        return FreePorts.startOnAFreePort(port -> {
            Path ini = dir.resolve("pgbouncer.ini");
            try {
                Files.writeString(dir.resolve("userlist.txt"), "\"" + PostgresServers.SUPERUSER + "\" \"\"\n");
                Files.writeString(ini, String.join("\n",
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
                        "max_client_conn = 500",
                        "max_db_connections = " + poolSize,
                        "ignore_startup_parameters = extra_float_digits,options",
                        "server_reset_query =",
                        "server_login_retry = 1",
                        "admin_users = " + PostgresServers.SUPERUSER,
                        "log_connections = 0",
                        "log_disconnections = 0",
                        ""));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + ini, e);
            }
            PostgresServers.chown(dir, PostgresServers.SUPERUSER);
            ServerProcess process = ServerProcess.builder("pgbouncer-" + port,
                            PostgresServers.as(PostgresServers.SUPERUSER, List.of(binary, ini.toString())))
                    .port(port).directory(dir).readyLogLine("process up").startTimeout(Duration.ofSeconds(30)).start();
            return new PgBouncer(process, poolSize);
        });
    }

    /** One throwaway PgBouncer. */
    public static final class PgBouncer extends ServerHandle {
        private final int poolSize;

        PgBouncer(ServerProcess process, int poolSize) {
            super("PgBouncer", process);
            this.poolSize = poolSize;
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
            return url(database) + "&directUrl=" + java.net.URLEncoder.encode(directUrl, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
