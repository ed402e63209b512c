package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression: a command the server had read but not answered when it died failed with a plain
 * {@code DepotException} ("Connection disconnected", Lettuce's message for commands pending on
 * a channel that closed cleanly) instead of the retryable {@link StoreUnavailableException}.
 * Found by the chaos soak in depot-it.
 */
@RedisTest
class RedisConnectionDisconnectedTest {
    @Test
    void aCommandPendingWhenTheServerDiesIsStoreUnavailable() throws Exception {
        try (RedisServer redis = RedisServers.builder().persistent().start()) {
            DepotConfig config = DepotConfig.builder().url(redis.url()).prefix(TestPrefixes.fresh("disc"))
                    .cacheTtl(Duration.ZERO).build();
            try (Depot depot = Depot.open(config)) {
                DbMap<String, String> m = depot.map("m", Codec.STRING, Codec.STRING);
                m.put("k", "v");
                // The server reads the next command and holds it unanswered; its socket has nothing
                // unread, so dying closes the connection cleanly (FIN), not with a reset.
                redis.cli("CLIENT", "PAUSE", "20000", "ALL");
                CompletableFuture<String> pending = CompletableFuture.supplyAsync(() -> m.get("k"));
                Thread.sleep(500);
                assertThat(pending).as("held by CLIENT PAUSE").isNotDone();
                redis.kill();
                assertThat(pending).failsWithin(3, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .havingCause().isInstanceOf(StoreUnavailableException.class)
                        .withMessageContaining(redis.url());
                redis.restart();
                assertThat(m.get("k")).as("the same Depot works again").isEqualTo("v");
            }
        }
    }
}
