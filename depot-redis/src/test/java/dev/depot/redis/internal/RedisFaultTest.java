package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapOptions;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Redis going away and coming back under a running Depot, on a private persistent server. */
@RedisTest
class RedisFaultTest {
    private static final long TIMEOUT_MS = 1000;
    private static final long SLACK_MS = 1500;

    private static Depot open(RedisServer redis, String prefix) {
        return Depot.open(DepotConfig.builder().url("redis://:s3cret@" + redis.host() + ":" + redis.port()
                        + "?timeout=" + TIMEOUT_MS).prefix(prefix).cacheTtl(Duration.ZERO).build());
    }

    @Test
    void killedServerGivesStoreUnavailableInTimeAndTheSameDepotWorksAfterARestart() {
        try (RedisServer redis = RedisServers.builder().persistent().requirePass("s3cret").start()) {
            try (Depot depot = open(redis, TestPrefixes.fresh("fault"))) {
                DbMap<Long, String> m = depot.map("m", Codec.LONG, Codec.STRING, MapOptions.defaults());
                for (long i = 0; i < 200; i++) {
                    m.put(i, "v" + i);
                }
                m.merge(0L, "+", String::concat);

                redis.kill(); // kill -9: only what was acknowledged (appendfsync always) survives
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> m.get(1L))
                            .isInstanceOf(StoreUnavailableException.class)
                            .hasMessageContaining("redis://127.0.0.1:" + redis.port())
                            .hasMessageNotContaining("s3cret");
                    assertThat(elapsedMs(start)).isLessThan(TIMEOUT_MS + SLACK_MS);
                }
                long start = System.nanoTime();
                assertThatThrownBy(() -> m.put(500L, "lost")).isInstanceOf(StoreUnavailableException.class);
                assertThat(elapsedMs(start)).isLessThan(TIMEOUT_MS + SLACK_MS);

                redis.restart();
                // the first operation after the restart already works: no reconnect delay, no Depot restart
                assertThat(m.get(0L)).isEqualTo("v0+");
                assertThat(m.sizeLong()).isEqualTo(200);
                for (long i = 0; i < 200; i++) {
                    assertThat(m.get(i)).startsWith("v" + i);
                }
                assertThat(m.putIfAbsent(1000L, "new")).isNull(); // scripts: the cache is empty after a restart
                assertThat(m.merge(1000L, "!", String::concat)).isEqualTo("new!");
            }
        }
    }

    @Test
    void writeBehindKeepsEveryDirtyEntryWhileTheServerIsDownAndFlushesWhenItIsBack() throws Exception {
        try (RedisServer redis = RedisServers.builder().persistent().requirePass("s3cret").start()) {
            String prefix = TestPrefixes.fresh("wbfault");
            Depot depot = open(redis, prefix);
            MapOptions behind = MapOptions.defaults().withWriteMode(dev.depot.WriteMode.WRITE_BEHIND)
                    .withFlushInterval(Duration.ofMillis(50));
            DbMap<Long, String> m = depot.map("wb", Codec.LONG, Codec.STRING, behind);
            m.set(0L, "before");
            depot.flush();

            redis.kill();
            for (long i = 1; i <= 1_000; i++) {
                m.set(i, "v" + i); // taken into the buffer while Redis is down
            }
            m.set(0L, "after"); // the last write to a key wins when the buffer is written
            Thread.sleep(300); // several flush attempts fail meanwhile
            assertThatThrownBy(depot::flush).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(depot::close).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("write-behind entries could not be written");
            assertThat(m.get(500L)).as("still open and readable from the buffer").isEqualTo("v500");

            restartAndCheckWhatWasStored(redis, depot, prefix, stored -> {
                assertThat(stored.sizeLong()).isEqualTo(1_001);
                assertThat(stored.get(0L)).isEqualTo("after");
                assertThat(stored.get(1_000L)).isEqualTo("v1000");
            });
        }
    }

    @Test
    void aFullWriteBehindBufferMakesWritersWaitAndThenRefusesTheWrite() throws Exception {
        try (RedisServer redis = RedisServers.builder().persistent().requirePass("s3cret").start()) {
            String prefix = TestPrefixes.fresh("wbfull");
            Depot depot = Depot.open(DepotConfig.builder().url("redis://:s3cret@" + redis.host() + ":" + redis.port()
                    + "?timeout=" + TIMEOUT_MS).prefix(prefix).connectTimeout(Duration.ofMillis(300)).build());
            MapOptions behind = MapOptions.defaults().withWriteMode(dev.depot.WriteMode.WRITE_BEHIND)
                    .withFlushInterval(Duration.ofMillis(50)).withMaxDirty(10);
            DbMap<Long, String> m = depot.map("wb", Codec.LONG, Codec.STRING, behind);
            redis.kill();
            for (long i = 0; i < 10; i++) {
                m.set(i, "v" + i);
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> m.set(10L, "one too many")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("full").hasMessageContaining("not taken");
            assertThat(elapsedMs(start)).as("waited for room before refusing").isGreaterThanOrEqualTo(1_500);
            m.set(5L, "rewrite"); // a key already buffered needs no room
            restartAndCheckWhatWasStored(redis, depot, prefix, stored -> {
                assertThat(stored.sizeLong()).isEqualTo(10);
                assertThat(stored.get(5L)).isEqualTo("rewrite");
                assertThat(stored.containsKey(10L)).isFalse();
            });
        }
    }

    /**
     * Restarts Redis, closes {@code depot} once its write-behind buffer is written, and runs
     * {@code check} on the map "wb" as a new Depot reads it from the store.
     */
    private static void restartAndCheckWhatWasStored(RedisServer redis, Depot depot, String prefix,
            Consumer<DbMap<Long, String>> check) throws InterruptedException {
        redis.restart();
        closeWhenTheStoreTakesTheBuffer(depot);
        try (Depot reopened = open(redis, prefix)) {
            check.accept(reopened.map("wb", Codec.LONG, Codec.STRING));
        }
    }

    /** Retries {@code close()}, which flushes the write-behind buffer first, until Redis is reachable again. */
    private static void closeWhenTheStoreTakesTheBuffer(Depot depot) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                depot.close();
                return;
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The URL's {@code timeout} overrides operationTimeout; {@code RedisHungServerTest} runs at the defaults. */
    @Test
    void aServerThatStopsAnsweringTimesOutWithinTheUrlsTimeout() {
        try (RedisServer redis = RedisServers.builder().persistent().requirePass("s3cret").start()) {
            try (Depot depot = open(redis, TestPrefixes.fresh("hang"))) {
                DbMap<String, String> m = depot.map("m", Codec.STRING, Codec.STRING);
                m.put("k", "v");
                redis.process().pause();
                try {
                    for (int i = 0; i < 2; i++) {
                        long start = System.nanoTime();
                        assertThatThrownBy(() -> m.get("k"))
                                .isInstanceOf(StoreUnavailableException.class)
                                .hasMessageContaining("timed out after " + TIMEOUT_MS + " ms");
                        assertThat(elapsedMs(start)).isBetween(TIMEOUT_MS - 100, TIMEOUT_MS + SLACK_MS);
                    }
                } finally {
                    redis.process().resume();
                }
                // The same Depot works again once the server answers: the client reconnects by
                // itself, which on a loaded machine may take more than one 1 s attempt.
                assertThat(readWithin(m, "k", java.time.Duration.ofSeconds(15))).isEqualTo("v");
                m.put("k", "w");
                assertThat(m.get("k")).isEqualTo("w");
            }
        }
    }

    /** The value, read again after each StoreUnavailableException until {@code within} has passed. */
    private static String readWithin(DbMap<String, String> m, String key, java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return m.get(key);
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
