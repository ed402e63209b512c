package dev.depot.jdbc;

import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import dev.depot.testkit.servers.ServerProcess;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PostgreSQL that stops answering, postmaster and backends frozen: pgjdbc's socket timeout and
 * the pool's wait bound each operation, and the pool replaces the connections it dropped.
 */
class PostgresHungServerTest extends JdbcHungServerTests {
    @RegisterExtension
    static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().start());

    PostgresHungServerTest() {
        super(new SocketTimeouts("?socketTimeout=1", "?socketTimeout=1.5", "socketTimeout is seconds"));
    }

    @Override
    protected String storeUrl() {
        return PG.get().url("hung");
    }

    @Override
    protected ServerProcess process() {
        return PG.get().process();
    }
}
