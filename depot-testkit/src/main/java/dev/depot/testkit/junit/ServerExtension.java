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
import java.util.List;
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
        return new ServerExtension<>(PostgresServer.class, PostgresServers::shared);
    }

    /** The JVM's shared MariaDB ({@link MariaDbServers#shared()}). */
    public static ServerExtension<MariaDbServer> mariaDb() {
        return new ServerExtension<>(MariaDbServer.class, MariaDbServers::shared);
    }

    /** The JVM's shared PgBouncer in front of its shared PostgreSQL ({@link PgBouncerServers#shared()}). */
    public static ServerExtension<PgBouncer> pgBouncer() {
        return new ServerExtension<>(PgBouncer.class, PgBouncerServers::shared);
    }

    /** The JVM's shared plain Redis ({@link RedisServers#shared()}). */
    public static ServerExtension<RedisServer> redis() {
        return new ServerExtension<>(RedisServer.class, RedisServers::shared);
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
        return new ServerExtension<>(RedisCluster.class, RedisServers::sharedCluster);
    }

    /** The JVM's shared s3proxy ({@link S3ProxyServers#shared()}); use a bucket of your own. */
    public static ServerExtension<S3Proxy> s3Proxy() {
        return new ServerExtension<>(S3Proxy.class, S3ProxyServers::shared);
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

    /**
     * Resolves a parameter of each server type above ({@link PostgresServer}, {@link MariaDbServer},
     * {@link PgBouncer}, the plain {@link RedisServer}, {@link RedisCluster}, {@link S3Proxy}) with
     * the JVM's shared server; what {@link PostgresTest}, {@link MariaDbTest}, {@link PgBouncerTest},
     * {@link RedisTest} and {@link S3ProxyTest} register. JUnit registers it once per class however
     * many of those annotations the class carries.
     */
    public static final class SharedServers implements ParameterResolver {
        private static final List<ServerExtension<?>> ALL =
                List.of(postgres(), mariaDb(), pgBouncer(), redis(), redisCluster(), s3Proxy());

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return ALL.stream().anyMatch(e -> e.supportsParameter(parameter, context));
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return ALL.stream().filter(e -> e.supportsParameter(parameter, context)).findFirst().orElseThrow()
                    .resolveParameter(parameter, context);
        }
    }
}
