package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code waitReplicas} on a master with and without its replica, with a 2 s timeout so the wait
 * is short ({@link RedisSentinelFailoverTest} runs it at the default timeouts): a write the
 * replica confirms returns; one it cannot confirm fails as unknown within the timeout, and is
 * applied on the master (so the caller must treat it as "may or may not have been kept").
 */
@IntegrationTest
class RedisWaitReplicasTest {
    @Test
    void writesReturnOnceTheReplicaHasThemAndFailAsUnknownWhenItIsGone() {
        try (RedisServer master = RedisServers.builder().start();
             RedisServer replica = RedisServers.builder().config("replicaof " + master.host() + " " + master.port()).start()) {
            awaitOnline(master);
            String prefix = TestPrefixes.fresh("wait");
            String key = RedisKeys.mapKeyText(prefix, "m");
            try (Depot d = Depot.open(DepotConfig.builder().url(master.url() + "?waitReplicas=1&timeout=2000").prefix(prefix)
                    .sharedAccess(true).build())) {
                DbMap<String, Long> m = d.map("m", Codec.STRING, Codec.LONG);
                for (int i = 0; i < 100; i++) {
                    m.merge("n", 1L, Long::sum);
                    m.put("k" + i, (long) i);
                }
                // WAIT returned for each write, so the replica has every one of them now
                assertThat(replica.cli("HLEN", key).trim()).isEqualTo("101");

                replica.kill();
                long start = System.nanoTime();
                assertThatThrownBy(() -> m.put("lonely", 1L)).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("confirmed by 0 of 1 replicas").hasMessageContaining("may or may not");
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(ms).as("WAIT waits half the timeout").isBetween(900L, 2500L);
                assertThat(master.cli("HEXISTS", key, "lonely").trim()).as("applied on the master all the same").isEqualTo("1");
                assertThat(m.get("k5")).as("reads do not wait").isEqualTo(5L);
            }
        }
    }

    private static void awaitOnline(RedisServer master) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!master.cli("INFO", "replication").contains("state=online")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the replica of " + master + " did not come online");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
