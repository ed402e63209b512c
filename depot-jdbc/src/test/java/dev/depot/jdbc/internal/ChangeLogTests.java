package dev.depot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.spi.ChangeKind;
import dev.depot.spi.RawMap;
import dev.depot.spi.Store;
import dev.depot.spi.StoreProvider;
import dev.depot.testkit.TestPrefixes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the polled change log (MariaDB/MySQL, SQLite) adds: pruning, and a poller that fell behind. */
abstract class ChangeLogTests extends ChangeFeedTests {
    ChangeLogTests(StoreProvider provider) {
        super(provider);
    }

    @Test
    void oldRowsArePrunedOnceAndTheDefaultRetentionKeepsRecentOnes() throws Exception {
        Pair p = pair("cp", "changeRetention=1s&changePollInterval=20ms");
        RawMap m = map(p.a(), "m");
        for (int i = 0; i < 50; i++) {
            m.set(b("k" + i), b("1"));
        }
        assertThat(p.sinkB().next(50)).hasSize(50);
        // both pollers prune what they saw p.a() second ago; the deleted rows leave one marker per prune that deleted any
        await("the 50 rows pruned", () -> logRows(p.a(), "kind <> 'G'") == 0);
        assertThat(logRows(p.a(), "kind = 'G'")).isPositive();
        // still delivered after pruning, and no gap reported to pollers that kept up
        m.set(b("after"), b("1"));
        assertThat(p.sinkB().next(1)).containsExactly(Change.of("m", "after", ChangeKind.PUT));
        assertThat(p.sinkB().disconnected).isEmpty();

        // the default retention (p.a() minute) keeps them well past p.a() few polls
        String other = TestPrefixes.fresh("cq");
        Store c = open(other, "");
        Store d = open(other, "");
        listening(c, "C");
        Recorder sinkD = listening(d, "D");
        RawMap n = map(c, "m");
        for (int i = 0; i < 10; i++) {
            n.set(b("k" + i), b("1"));
        }
        sinkD.next(10);
        Thread.sleep(1_500);
        assertThat(logRows(c, "kind <> 'G'")).isEqualTo(10);
    }

    @Test
    void aPollerStalledPastTheRetentionReportsAGap() throws Exception {
        String prefix = TestPrefixes.fresh("cg");
        Store a = open(prefix, "changeRetention=1s&changePollInterval=20ms");
        Store b = open(prefix, "changeRetention=1s&changePollInterval=20ms");
        listening(a, "A");
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // a sink that blocks on the first change holds the poller's thread, as a long pause would
        Recorder sinkB = new Recorder() {
            @Override
            public void changed(String map, byte[] key, ChangeKind kind) {
                super.changed(map, key, kind);
                if (stalled.getCount() > 0) {
                    stalled.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        b.changeFeed("B").orElseThrow().start(sinkB);
        RawMap m = map(a, "m");
        m.set(b("first"), b("1"));
        assertThat(stalled.await(ARRIVAL_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 20; i++) {
            m.set(b("missed" + i), b("1"));
        }
        await("A's poller to prune the missed rows", () -> logRows(a, "kind <> 'G'") == 0);
        release.countDown();
        await("the gap", () -> sinkB.connected.get() == 2);
        assertThat(sinkB.states).containsExactly("connected", "disconnected", "connected");
        assertThat(sinkB.disconnected.get(0)).contains("fell behind");
        m.set(b("later"), b("1"));
        await("a change after the gap", () -> sinkB.changes.stream().anyMatch(c -> "later".equals(c.key())));
    }
}
