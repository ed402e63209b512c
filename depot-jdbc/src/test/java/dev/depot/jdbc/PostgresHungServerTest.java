package dev.depot.jdbc;

import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PostgreSQL that stops answering, postmaster and backends frozen: pgjdbc's socket timeout and
 * the pool's wait bound each operation, and the pool replaces the connections it dropped.
 */
class PostgresHungServerTest extends JdbcHungServerTests<PostgresServer> {
    @RegisterExtension
    static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().start());

    PostgresHungServerTest() {
        super(PG, pg -> pg.url("hung"), new SocketTimeouts("?socketTimeout=1", "?socketTimeout=1.5", "socketTimeout is seconds"));
    }
}
