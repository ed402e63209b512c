package dev.depot.redis;

import dev.depot.testkit.HungServerTests;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import dev.depot.testkit.servers.ServerProcess;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A standalone Redis that stops answering: each command has operationTimeout (the URL sets no
 * {@code timeout}), the connection that timed out is dropped and the next operation reconnects.
 */
class RedisHungServerTest extends HungServerTests {
    private static final String PASSWORD = "hung-s3cret";
    @RegisterExtension
    static final PrivateServer<RedisServer> REDIS = PrivateServer.of(() -> RedisServers.builder().requirePass(PASSWORD).start());

    @Override
    protected String storeUrl() {
        return "redis://:" + PASSWORD + "@" + REDIS.get().host() + ":" + REDIS.get().port();
    }

    @Override
    protected String secret() {
        return PASSWORD;
    }

    @Override
    protected ServerProcess process() {
        return REDIS.get().process();
    }
}
