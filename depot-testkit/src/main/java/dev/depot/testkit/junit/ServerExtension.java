package dev.depot.testkit.junit;

import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PgBouncerServers.PgBouncer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisCluster;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A throwaway server of depot-testkit as a JUnit 5 extension: it hands the test the server that
 * the whole test JVM shares (started on first use, stopped at JVM exit), either as a test or
 * lifecycle method parameter of the server's type, or through {@link #server()} of a registered
 * instance:
 * <pre>{@code
 * @PostgresTest
 * class InvoiceRepositoryTest {
 *     @Test
 *     void storesInvoices(PostgresServer pg) {
 *         try (Depot depot = Depot.open(DepotConfig.builder().url(pg.url("invoices")).build())) { ... }
 *     }
 * }
 *
 * class OrdersTest {
 *     @RegisterExtension
 *     static final ServerExtension<PostgresServer> PG = ServerExtension.postgres();
 *     ... PG.server().url("orders") ...
 * }
 * }</pre>
 *
 * <p>A server that cannot start (a binary is missing, it does not come up) throws from
 * {@link #server()} or the parameter resolution, so the test FAILS with the reason; it never
 * skips. Tests that share a server keep apart by database or prefix (see
 * {@code TestPrefixes}). Thread-safe: the servers start once per JVM under a lock.
 *
 * @param <S> the server type this extension resolves
 */
public class ServerExtension<S> implements ParameterResolver {
    private final Class<S> type;
    private final Supplier<S> shared;

    /**
     * An extension that resolves parameters of {@code type} with {@code shared}, which starts the
     * JVM's server on first call and returns the same one afterwards.
     */
    protected ServerExtension(Class<S> type, Supplier<S> shared) {
        this.type = Objects.requireNonNull(type, "type");
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    /** The JVM's shared PostgreSQL ({@link PostgresServers#shared()}). */
    public static ServerExtension<PostgresServer> postgres() {
        return new Postgres();
    }

    /** The JVM's shared MariaDB ({@link MariaDbServers#shared()}). */
    public static ServerExtension<MariaDbServer> mariaDb() {
        return new MariaDb();
    }

    /** The JVM's shared PgBouncer in front of its shared PostgreSQL ({@link PgBouncerServers#shared()}). */
    public static ServerExtension<PgBouncer> pgBouncer() {
        return new PgBouncerExtension();
    }

    /** The JVM's shared plain Redis ({@link RedisServers#shared()}). */
    public static ServerExtension<RedisServer> redis() {
        return new Redis();
    }

    /**
     * The JVM's shared TLS-only Redis ({@link RedisServers#sharedTls()}). Register it in a field
     * and use {@link #server()}: a {@code RedisServer} parameter goes to {@link #redis()}.
     */
    public static ServerExtension<RedisServer> redisTls() {
        return new ServerExtension<>(RedisServer.class, RedisServers::sharedTls) {
            @Override
            public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                return false;
            }
        };
    }

    /** The JVM's shared 3-master Redis Cluster ({@link RedisServers#sharedCluster()}). */
    public static ServerExtension<RedisCluster> redisCluster() {
        return new RedisClusterExtension();
    }

    /** The JVM's shared s3proxy ({@link S3ProxyServers#shared()}); use a bucket of your own. */
    public static ServerExtension<S3Proxy> s3Proxy() {
        return new S3ProxyExtension();
    }

    /**
     * The server, started on first call in this JVM.
     *
     * @throws IllegalStateException when it cannot start; the message says why (e.g. which
     *                               Debian package to install)
     */
    public S server() {
        return shared.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }

    /** Resolves {@link PostgresServer} parameters; used by {@link PostgresTest}. */
    public static final class Postgres extends ServerExtension<PostgresServer> {
        public Postgres() {
            super(PostgresServer.class, PostgresServers::shared);
        }
    }

    /** Resolves {@link MariaDbServer} parameters; used by {@link MariaDbTest}. */
    public static final class MariaDb extends ServerExtension<MariaDbServer> {
        public MariaDb() {
            super(MariaDbServer.class, MariaDbServers::shared);
        }
    }

    /** Resolves {@link PgBouncer} parameters; used by {@link PgBouncerTest}. */
    public static final class PgBouncerExtension extends ServerExtension<PgBouncer> {
        public PgBouncerExtension() {
            super(PgBouncer.class, PgBouncerServers::shared);
        }
    }

    /** Resolves {@link RedisServer} parameters with the plain server; used by {@link RedisTest}. */
    public static final class Redis extends ServerExtension<RedisServer> {
        public Redis() {
            super(RedisServer.class, RedisServers::shared);
        }
    }

    /** Resolves {@link RedisCluster} parameters; used by {@link RedisTest}. */
    public static final class RedisClusterExtension extends ServerExtension<RedisCluster> {
        public RedisClusterExtension() {
            super(RedisCluster.class, RedisServers::sharedCluster);
        }
    }

    /** Resolves {@link S3Proxy} parameters; used by {@link S3ProxyTest}. */
    public static final class S3ProxyExtension extends ServerExtension<S3Proxy> {
        public S3ProxyExtension() {
            super(S3Proxy.class, S3ProxyServers::shared);
        }
    }
}
