package dev.depot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapOptions;
import dev.depot.SessionLockedException;
import dev.depot.StoreUnavailableException;
import dev.depot.WriteMode;
import dev.depot.spi.StoreUrl;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.ServerProcess;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of a store whose server stops answering (a SIGSTOPped process, a partitioned
 * machine): each operation fails within {@link DepotConfig#operationTimeout()} with
 * {@link StoreUnavailableException} naming the store, and once the server answers again the same
 * {@link Depot} works, with no restart. The session lease and write-behind, which go through the
 * same store calls, do not hang either.
 *
 * <p>A subclass gives the store on a server of its own (pausing a server that other test
 * classes share would stall them) and that server's process, which these tests pause and
 * resume with {@link ServerProcess#pause()} and {@link ServerProcess#resume()}.
 */
@IntegrationTest
public abstract class HungServerTests {
    /**
     * What an operation may take beyond its timeout: scheduling, the pool's bookkeeping and a
     * loaded test machine.
     */
    protected static final Duration MARGIN = Duration.ofSeconds(3);

    /** The store's URL on the server this class pauses. */
    protected abstract String storeUrl();

    /** The process of the server this class pauses (one of its own: see {@link dev.depot.testkit.junit.PrivateServer}). */
    protected abstract ServerProcess process();

    /** Freezes the server: it keeps its sockets open and answers nothing. By default {@link ServerProcess#pause()}. */
    protected void pause() {
        process().pause();
    }

    /** Lets the paused server run again. By default {@link ServerProcess#resume()}. */
    protected void resume() {
        process().resume();
    }

    /** Settings the store needs besides its URL (e.g. a direct URL behind a pooler). */
    protected DepotConfig.Builder configure(DepotConfig.Builder builder) {
        return builder;
    }

    /** A secret in the URL that no message may show, or null. */
    protected String secret() {
        return null;
    }

    /** The configuration of these tests: no read cache, so every get goes to the store. */
    protected final DepotConfig.Builder config(String prefix) {
        return configure(DepotConfig.builder().url(storeUrl()).prefix(prefix).cacheTtl(Duration.ZERO));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void atTheDefaultTimeoutEachOperationFailsInTimeAndTheSameDepotWorksOnceTheServerAnswers() {
        String prefix = TestPrefixes.fresh("hung");
        DepotConfig config = config(prefix).build();
        assertThat(config.operationTimeout()).as("the default a user runs with").isEqualTo(Duration.ofSeconds(5));
        try (Depot depot = Depot.open(config)) {
            DbMap<String, String> m = depot.map("hung", Codec.STRING, Codec.STRING);
            m.put("k", "v");
            m.put("n", "1");
            pause();
            try {
                failsInTime(config, () -> m.get("k"));
                failsInTime(config, () -> m.put("p", "x"));
                failsInTime(config, () -> m.merge("n", "+", String::concat));
            } finally {
                resume();
            }
            // the first operation after the server answers again works, on the same Depot
            assertThat(m.get("k")).isEqualTo("v");
            assertThat(m.put("k", "w")).isEqualTo("v");
            assertThat(m.get("k")).isEqualTo("w");
            assertThat(m.merge("n", "+", String::concat)).isEqualTo("1+");
            // a write that failed may or may not have been applied, and nothing else
            assertThat(m.get("p")).isIn(null, "x");
            assertThatThrownBy(() -> Depot.open(config(prefix).build()))
                    .as("the lease is still held after the hang").isInstanceOf(SessionLockedException.class);
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aShorterOperationTimeoutBoundsEachOperationToIt() {
        DepotConfig config = config(TestPrefixes.fresh("hungs")).operationTimeout(Duration.ofSeconds(1)).build();
        try (Depot depot = Depot.open(config)) {
            DbMap<Long, String> m = depot.map("hung", Codec.LONG, Codec.STRING);
            m.put(1L, "one");
            pause();
            try {
                failsInTime(config, () -> m.get(1L));
                failsInTime(config, () -> m.putIfAbsent(2L, "two"));
                failsInTime(config, () -> m.sizeLong());
                failsInTime(config, () -> {
                    try {
                        m.async().get(1L).join();
                    } catch (CompletionException e) {
                        throw e.getCause();
                    }
                });
            } finally {
                resume();
            }
            assertThat(m.get(1L)).isEqualTo("one");
            assertThat(m.replace(1L, "one", "uno")).isTrue();
            assertThat(m.async().get(1L).join()).isEqualTo("uno");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void writeBehindKeepsBufferingWhileTheServerHangsAndFlushesOnceItAnswers() {
        String prefix = TestPrefixes.fresh("hungwb");
        DepotConfig config = config(prefix).build();
        MapOptions behind = MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND).withFlushInterval(Duration.ofHours(1));
        try (Depot depot = Depot.open(config)) {
            DbMap<Long, String> m = depot.map("wb", Codec.LONG, Codec.STRING, behind);
            m.set(0L, "before");
            depot.flush();
            pause();
            try {
                long start = System.nanoTime();
                for (long i = 1; i <= 100; i++) {
                    m.set(i, "v" + i);
                }
                assertThat(elapsedMs(start)).as("writes go to the buffer, not to the hung server").isLessThan(1_000);
                failsInTime(config, depot::flush);
            } finally {
                resume();
            }
            depot.flush();
        }
        try (Depot reopened = Depot.open(config)) {
            DbMap<Long, String> stored = reopened.map("wb", Codec.LONG, Codec.STRING, behind);
            assertThat(stored.sizeLong()).isEqualTo(101);
            assertThat(stored.get(100L)).isEqualTo("v100");
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void openingAgainstAHungServerFailsWithinTheConnectTimeout() {
        DepotConfig config = config(TestPrefixes.fresh("hungo")).build();
        Depot.open(config).close(); // the store worked before it hung; and the client's classes are loaded
        pause();
        try {
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> Depot.open(config).close());
            long elapsed = elapsedMs(start);
            assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(StoreUrl.parse(storeUrl()).masked());
            if (secret() != null) {
                assertThat(thrown).hasMessageNotContaining(secret());
            }
            assertThat(elapsed).as("open with connectTimeout %s", config.connectTimeout())
                    .isLessThan(config.connectTimeout().toMillis() + MARGIN.toMillis());
        } finally {
            resume();
        }
    }

    /**
     * Closing records the session state, releases the lease and closes the connections: against a
     * hung server the first two fail, each within operationTimeout, and a pool may wait as long
     * again for a connection attempt in progress, so close returns within three timeouts.
     */
    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void closingWhileTheServerHangsReturnsInTime() {
        DepotConfig config = config(TestPrefixes.fresh("hungc")).build();
        Depot depot = Depot.open(config);
        depot.map("m", Codec.LONG, Codec.STRING).put(1L, "one");
        pause();
        try {
            long start = System.nanoTime();
            depot.close();
            assertThat(elapsedMs(start)).as("close with operationTimeout %s", config.operationTimeout())
                    .isLessThan(3 * config.operationTimeout().toMillis() + MARGIN.toMillis());
        } finally {
            resume();
        }
    }

    /**
     * A hang longer than the lease: renewals fail meanwhile, and some that failed are applied when
     * the server resumes. The owner must still recognize the lease as its own and keep renewing
     * it, so a second instance is still refused afterwards.
     */
    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void theLeaseIsRenewedAgainAfterAHangLongerThanIt() throws InterruptedException {
        String prefix = TestPrefixes.fresh("hungl");
        Duration ttl = Duration.ofMillis(1_500);
        DepotConfig config = config(prefix).leaseTtl(ttl).operationTimeout(Duration.ofSeconds(1)).build();
        try (Depot owner = Depot.open(config)) {
            pause();
            try {
                Thread.sleep(ttl.multipliedBy(2).toMillis());
            } finally {
                resume();
            }
            Thread.sleep(ttl.toMillis()); // a few beats of the heartbeat
            assertThatThrownBy(() -> Depot.open(config)).isInstanceOf(SessionLockedException.class);
            assertThat(owner.map("m", Codec.LONG, Codec.LONG).putIfAbsent(1L, 1L)).isNull();
        }
    }

    /**
     * Runs {@code call} against the paused server: it must fail with StoreUnavailableException
     * within the timeout and margin. It may fail sooner, e.g. when it joins a reconnection attempt
     * that another caller started earlier and that times out first.
     */
    private void failsInTime(DepotConfig config, ThrowingCallable call) {
        long timeout = config.operationTimeout().toMillis();
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(call);
        long elapsed = elapsedMs(start);
        assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(StoreUrl.parse(storeUrl()).masked())
                .hasMessageContaining("timed out after");
        if (secret() != null) {
            assertThat(thrown).hasMessageNotContaining(secret());
        }
        assertThat(elapsed).as("time to fail, with operationTimeout %d ms", timeout).isLessThan(timeout + MARGIN.toMillis());
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
