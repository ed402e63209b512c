package dev.depot.jdbc;

import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A MariaDB that stops answering: the driver's socket timeout and the pool's wait bound each operation. */
class MariaDbHungServerTest extends JdbcHungServerTests<MariaDbServer> {
    @RegisterExtension
    static final PrivateServer<MariaDbServer> DB = PrivateServer.of(() -> MariaDbServers.builder().start());

    MariaDbHungServerTest() {
        super(DB, db -> db.url("hung"), new SocketTimeouts("?socketTimeout=1000", "?socketTimeout=-1", "socketTimeout is milliseconds"));
    }

    @Override
    protected String secret() {
        return MariaDbServers.PASSWORD;
    }
}
