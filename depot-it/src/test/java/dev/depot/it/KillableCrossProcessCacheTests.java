package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.ChangeFeedState;
import dev.depot.DepotConfig;
import dev.depot.testkit.ChildJvm;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CrossProcessCacheTests} on a store that pushes changes over a connection of its own
 * (PostgreSQL's LISTEN session, Redis's subscription), which a test can kill from outside.
 */
abstract class KillableCrossProcessCacheTests extends CrossProcessCacheTests {
    KillableCrossProcessCacheTests(StoreKind store) {
        super(store);
    }

    /** Kills every process's notification connection on the store. */
    abstract void killNotificationConnections() throws Exception;

    /**
     * Issue 14's fault: the notification connection of both processes is killed mid-run. Each
     * process falls back to the fallback TTL (1 s), reconnects, flushes its cache and tells its
     * listener of a gap. No read may be stale for more than the fallback TTL plus 1 s (the time
     * to notice the dead connection and schedule the flush on a loaded machine).
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKilledNotificationConnectionFallsBackThenRecovers() throws Exception {
        Duration limit = DepotConfig.builder().build().invalidationFallbackTtl().plusSeconds(1);
        withChildren(both -> {
            Run run = new Run(both);
            for (int i = 0; i < 20; i++) {
                run.step(limit);
            }
            killNotificationConnections();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                run.step(limit);
            }
            for (ChildJvm c : both) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String state;
                while (!(state = state(c)).equals(ChangeFeedState.CONNECTED.name()) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(state).as("the feed reconnected by itself").isEqualTo(ChangeFeedState.CONNECTED.name());
            }
            for (int i = 0; i < 20; i++) {
                run.step(limit);
            }
            run.report(getClass().getSimpleName() + " with the notification connections killed", limit);
            // Changes made while a feed was down may be missing: a gap stands for them.
            for (ChildJvm c : both) {
                assertThat(answers(c, "EVENTS", "EVENTS")[1]).as("the listener was told of a gap").isPositive();
            }
        });
    }
}
