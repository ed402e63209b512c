package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.HungServerTests;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PgBouncerServers.PgBouncer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.ServerProcess;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PgBouncer (transaction mode) that stops answering while PostgreSQL behind it runs on: the
 * same bounds apply, since Depot sees only the pooler.
 */
class PgBouncerHungServerTest extends HungServerTests {
    @RegisterExtension
    static final PrivateServer<PgBouncer> BOUNCER = PrivateServer.of(() -> PgBouncerServers.start(PostgresServers.shared(), 3));

    @Override
    protected String storeUrl() {
        return BOUNCER.get().url("hung_bouncer");
    }

    @Override
    protected DepotConfig.Builder configure(DepotConfig.Builder builder) {
        return builder.storeParam("directUrl", PostgresServers.shared().url("hung_bouncer"));
    }

    @Override
    protected ServerProcess process() {
        return BOUNCER.get().process();
    }
}
