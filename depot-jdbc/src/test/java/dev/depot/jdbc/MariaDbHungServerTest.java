package dev.depot.jdbc;

import dev.depot.testkit.HungServerTests;
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A MariaDB that stops answering: the driver's socket timeout and the pool's wait bound each operation. */
class MariaDbHungServerTest extends HungServerTests {
    private static MariaDbServer db;

    @BeforeAll
    static void start() {
        db = MariaDbServers.builder().start();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected String storeUrl() {
        return db.url("hung");
    }

    @Override
    protected String secret() {
        return MariaDbServers.PASSWORD;
    }

    @Override
    protected void pause() {
        db.process().pause();
    }

    @Override
    protected void resume() {
        db.process().resume();
    }
}
