package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.StoreUnavailableException;
import dev.depot.spi.RawMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sequence the failover tests of the Redis change feed (Sentinel, Cluster) check around a fault. */
final class FeedFaults {
    private static final Logger LOG = LoggerFactory.getLogger(FeedFaults.class);

    private FeedFaults() {}

    /** A fault the test injects into the servers. */
    interface Fault {
        void inject() throws Exception;
    }

    /**
     * Writes {@code before} to {@code m}, injects {@code fault}, waits until the reader's feed
     * reported DOWN then UP, writes {@code after} (retrying for up to a minute while no master
     * takes writes yet), and asserts the reader heard exactly UP, the first write, DOWN, UP, the
     * second write. Logs how long the feed took to come back, under {@code what}.
     */
    static void writeAcross(String what, RawMap m, RecordingSink heard, Fault fault) throws Exception {
        m.set(b("before"), b("1"));
        heard.await("PUT m/before", Duration.ofSeconds(10));
        long start = System.nanoTime();
        fault.inject();
        heard.awaitSequence(Duration.ofSeconds(60), "DOWN", "UP");
        long up = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                m.set(b("after"), b("1"));
                break;
            } catch (StoreUnavailableException e) {
                assertThat(System.nanoTime()).as("writes resume").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        heard.await("PUT m/after", Duration.ofSeconds(10));
        LOG.info("{}: change feed back {} ms after the fault; heard {}", what, (up - start) / 1_000_000, heard.calls());
        assertThat(heard.calls()).containsExactly("UP", "PUT m/before", "DOWN", "UP", "PUT m/after");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
