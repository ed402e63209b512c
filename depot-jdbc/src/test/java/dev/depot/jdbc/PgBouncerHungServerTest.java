package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.HungServerTests;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PgBouncerServers.PgBouncer;
import dev.depot.testkit.servers.PostgresServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A PgBouncer (transaction mode) that stops answering while PostgreSQL behind it runs on: the
 * same bounds apply, since Depot sees only the pooler.
 */
class PgBouncerHungServerTest extends HungServerTests {
    private static PgBouncer bouncer;

    @BeforeAll
    static void start() {
        bouncer = PgBouncerServers.start(PostgresServers.shared(), 3);
    }

    @AfterAll
    static void stop() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @Override
    protected String storeUrl() {
        return bouncer.url("hung_bouncer");
    }

    @Override
    protected DepotConfig.Builder configure(DepotConfig.Builder builder) {
        return builder.storeParam("directUrl", PostgresServers.shared().url("hung_bouncer"));
    }

    @Override
    protected void pause() {
        bouncer.process().pause();
    }

    @Override
    protected void resume() {
        bouncer.process().resume();
    }
}
