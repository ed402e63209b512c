package dev.depot.redis;

import dev.depot.testkit.HungServerTests;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A standalone Redis that stops answering: each command has operationTimeout (the URL sets no
 * {@code timeout}), the connection that timed out is dropped and the next operation reconnects.
 */
class RedisHungServerTest extends HungServerTests {
    private static final String PASSWORD = "hung-s3cret";
    private static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServers.builder().requirePass(PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected String storeUrl() {
        return "redis://:" + PASSWORD + "@" + redis.host() + ":" + redis.port();
    }

    @Override
    protected String secret() {
        return PASSWORD;
    }

    @Override
    protected void pause() {
        redis.process().pause();
    }

    @Override
    protected void resume() {
        redis.process().resume();
    }
}
