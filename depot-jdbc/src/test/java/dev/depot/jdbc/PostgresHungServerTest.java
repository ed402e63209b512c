package dev.depot.jdbc;

import dev.depot.testkit.HungServerTests;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A PostgreSQL that stops answering, postmaster and backends frozen: pgjdbc's socket timeout and
 * the pool's wait bound each operation, and the pool replaces the connections it dropped.
 */
class PostgresHungServerTest extends HungServerTests {
    private static PostgresServer pg;

    @BeforeAll
    static void start() {
        pg = PostgresServers.builder().start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    protected String storeUrl() {
        return pg.url("hung");
    }

    @Override
    protected void pause() {
        pg.process().pause();
    }

    @Override
    protected void resume() {
        pg.process().resume();
    }
}
