package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.StorageType;
import dev.depot.spi.ChangeFeed;
import dev.depot.spi.ChangeKind;
import dev.depot.spi.ChangeSink;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.StoreUrl;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisCluster;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis change feed at the SPI: two stores on one prefix stand for two processes (two
 * origins); what one writes, the other's sink hears, in order, and nothing else.
 *
 * <p>This class is long because each test is one scenario of the feed end to end (order, quiet
 * stores, ACL, kills, restarts, stalls, Cluster, latency) on the same few set-up helpers.
 */
@RedisTest
class RedisChangeFeedTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFeedTest.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RawMapSpec M = new RawMapSpec("m", StorageType.TEXT, StorageType.BINARY);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A store with its feed on and started into {@code sink}. */
    private static RedisStore listening(String url, String prefix, String origin, ChangeSink sink) {
        RedisStore store = RedisStoreTest.store(url, prefix);
        ChangeFeed feed = store.changeFeed(origin).orElseThrow();
        feed.start(sink);
        return store;
    }

    @Test
    void everyKindOfWriteOfTheOtherProcessArrivesInOrderAndOwnWritesDoNot() throws Exception {
        String url = RedisServers.shared().url();
        String prefix = TestPrefixes.fresh("feed");
        RecordingSink heardByA = new RecordingSink();
        RecordingSink heardByB = new RecordingSink();
        try (RedisStore a = listening(url, prefix, "A", heardByA);
             RedisStore b = listening(url, prefix, "B", heardByB)) {
            assertThat(heardByA.calls()).containsExactly("UP");
            assertThat(heardByB.calls()).containsExactly("UP");
            RawMap m = a.open(M);
            m.set(b("k1"), b("1"));
            assertThat(m.put(b("k1"), b("2"))).isEqualTo(b("1"));
            assertThat(m.putIfAbsent(b("k2"), b("1"))).isNull();
            assertThat(m.putIfAbsent(b("k2"), b("x"))).isEqualTo(b("1"));   // present: nothing written
            assertThat(m.replace(b("k2"), b("2"))).isEqualTo(b("1"));
            assertThat(m.replace(b("absent"), b("x"))).isNull();             // absent: nothing written
            assertThat(m.replace(b("k2"), b("2"), b("3"))).isTrue();
            assertThat(m.replace(b("k2"), b("wrong"), b("x"))).isFalse();    // no match: nothing written
            assertThat(m.remove(b("k2"), b("wrong"))).isFalse();             // no match: nothing removed
            assertThat(m.remove(b("k2"), b("3"))).isTrue();
            assertThat(m.remove(b("k1"))).isEqualTo(b("2"));
            assertThat(m.remove(b("absent"))).isNull();                      // nothing removed
            assertThat(m.delete(b("absent"))).isFalse();                     // nothing removed
            m.set(b("k3"), b("1"));
            assertThat(m.delete(b("k3"))).isTrue();
            m.putAll(List.of(new RawEntry(b("p1"), b("1")), new RawEntry(b("p2"), b("2")), new RawEntry(b("p3"), b("3"))));
            assertThat(m.size()).isEqualTo(3);
            m.setAsync(b("s1"), b("1")).get();
            assertThat(m.putAsync(b("s1"), b("2")).get()).isEqualTo(b("1"));
            assertThat(m.deleteAsync(b("s1")).get()).isTrue();
            assertThat(m.deleteAsync(b("s1")).get()).isFalse();              // nothing removed
            m.clear();
            assertThat(m.size()).isZero();
            m.set(b("end"), b("1"));
            heardByB.await("PUT m/end", WAIT);
            assertThat(heardByB.calls()).containsExactly("UP",
                    "PUT m/k1", "PUT m/k1", "PUT m/k2", "PUT m/k2", "PUT m/k2", "REMOVE m/k2", "REMOVE m/k1",
                    "PUT m/k3", "REMOVE m/k3", "PUT m/p1", "PUT m/p2", "PUT m/p3",
                    "PUT m/s1", "PUT m/s1", "REMOVE m/s1", "CLEAR m", "PUT m/end");

            // and the other way round: A hears B, B does not hear itself
            b.open(M).put(b("fromB"), b("1"));
            heardByA.await("PUT m/fromB", WAIT);
            // B's own write was never delivered to B; the only later thing B could hear is its own
            Thread.sleep(200);
            assertThat(heardByA.calls()).containsExactly("UP", "PUT m/fromB");
            assertThat(heardByB.calls()).doesNotContain("PUT m/fromB");
            // the metadata is never announced
            a.metadata().set(b("meta"), b("1"));
            m.set(b("end2"), b("1"));
            heardByB.await("PUT m/end2", WAIT);
            assertThat(heardByB.calls()).noneMatch(c -> c.contains("meta"));
        }
    }

    @Test
    void aStoreWithoutTheFeedPublishesNothing() throws Exception {
        RedisServer server = RedisServers.shared();
        String prefix = TestPrefixes.fresh("quiet");
        List<String> raw = new CopyOnWriteArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.create(server.url()));
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            CountDownLatch control = new CountDownLatch(1);
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    raw.add(channel + (message.isEmpty() ? " (probe)" : ""));
                    if (message.contains("control")) {
                        control.countDown();
                    }
                }
            });
            sub.sync().psubscribe("*");
            try (RedisStore quiet = RedisStoreTest.store(server.url(), prefix);
                 RedisStore loud = listening(server.url(), prefix, "L", new RecordingSink())) {
                RawMap q = quiet.open(M);
                q.set(b("a"), b("1"));
                q.put(b("a"), b("2"));
                q.putAll(List.of(new RawEntry(b("c"), b("1"))));
                q.remove(b("a"));
                q.clear();
                // a control message after them, on the same server: once it is here, any earlier one would be too
                loud.open(M).set(b("control"), b("1"));
                assertThat(control.await(10, TimeUnit.SECONDS)).isTrue();
            }
            // the loud store's probe when its feed was turned on, and its control write; nothing of the quiet one
            assertThat(raw).containsExactly("depot:" + prefix + ":changes (probe)", "depot:" + prefix + ":changes");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void killedSubscriptionReportsDownThenUpAndLaterChangesArrive() throws Exception {
        RedisServer server = RedisServers.shared();
        String prefix = TestPrefixes.fresh("killed");
        RecordingSink heard = new RecordingSink();
        try (RedisStore writer = listening(server.url(), prefix, "W", new RecordingSink());
             RedisStore reader = listening(server.url(), prefix, "R", heard)) {
            RawMap m = writer.open(M);
            m.set(b("before"), b("1"));
            heard.await("PUT m/before", WAIT);
            long killedAt = System.nanoTime();
            server.cli("CLIENT", "KILL", "TYPE", "pubsub");
            long up = heard.awaitSequence(WAIT, "DOWN", "UP");
            LOG.info("Change feed back {} ms after CLIENT KILL", (up - killedAt) / 1_000_000);
            m.set(b("after"), b("1"));
            heard.await("PUT m/after", WAIT);
            assertThat(heard.calls()).containsExactly("UP", "PUT m/before", "DOWN", "UP", "PUT m/after");
        }
    }

    @Test
    void aServerRestartIsReportedOnceAndTheFeedComesBack() throws Exception {
        try (RedisServer server = RedisServers.startPlain()) {
            String prefix = TestPrefixes.fresh("restart");
            RecordingSink heard = new RecordingSink();
            try (RedisStore writer = listening(server.url(), prefix, "W", new RecordingSink());
                 RedisStore reader = listening(server.url(), prefix, "R", heard)) {
                server.stop();
                heard.await("DOWN", WAIT);
                Thread.sleep(1500);  // Lettuce keeps retrying meanwhile, and the feed reopens once: still one DOWN
                server.restart();
                long downAt = System.nanoTime();
                heard.awaitSequence(Duration.ofSeconds(30), "DOWN", "UP");
                writer.open(M).set(b("after"), b("1"));
                heard.await("PUT m/after", WAIT);
                assertThat(heard.calls()).containsExactly("UP", "DOWN", "UP", "PUT m/after");
                LOG.info("Change feed back {} ms after the restart", (System.nanoTime() - downAt) / 1_000_000);
            }
        }
    }

    @Test
    void aFeedStartedWhileTheServerIsDownReportsDownThenUpWhenItComes() throws Exception {
        try (RedisServer server = RedisServers.startPlain()) {
            String prefix = TestPrefixes.fresh("late");
            RedisSettings settings = RedisSettings.parse(StoreUrl.parse(server.url()), Duration.ofSeconds(2), Duration.ofSeconds(2));
            server.stop();
            RecordingSink heard = new RecordingSink();
            try (RedisChangeFeed feed = new RedisChangeFeed(settings, ChangeMessage.channel(prefix), "R")) {
                feed.start(heard);
                assertThat(heard.calls()).containsExactly("DOWN");
                server.restart();
                heard.await("UP", Duration.ofSeconds(30));
                try (RedisStore writer = listening(server.url(), prefix, "W", new RecordingSink())) {
                    writer.open(M).set(b("k"), b("1"));
                    heard.await("PUT m/k", WAIT);
                }
                assertThat(heard.calls()).containsExactly("DOWN", "UP", "PUT m/k");
            }
        }
    }

    @Test
    void aStalledSinkLosesChangesWithAGapReportNotMemory() throws Exception {
        String url = RedisServers.shared().url();
        String prefix = TestPrefixes.fresh("stall");
        RedisSettings settings = RedisSettings.parse(StoreUrl.parse(url), Duration.ofSeconds(5), Duration.ofSeconds(5));
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink heard = new RecordingSink();
        ChangeSink stalling = new ChangeSink() {
            @Override
            public void changed(String map, byte[] key, ChangeKind kind) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                heard.changed(map, key, kind);
            }

            @Override
            public void connected() {
                heard.connected();
            }

            @Override
            public void disconnected(String reason) {
                heard.disconnected(reason);
            }
        };
        try (RedisChangeFeed feed = new RedisChangeFeed(settings, ChangeMessage.channel(prefix), "R", 10);
             RedisStore writer = listening(url, prefix, "W", new RecordingSink())) {
            feed.start(stalling);
            RawMap m = writer.open(M);
            for (int i = 0; i < 100; i++) {
                m.set(b("k" + i), b("1"));
            }
            m.set(b("last"), b("1"));
            Thread.sleep(300);
            release.countDown();
            heard.awaitSequence(WAIT, "DOWN", "UP");
            m.set(b("later"), b("1"));
            heard.await("PUT m/later", WAIT);
            List<String> calls = heard.calls();
            // the sink took the first change and blocked; 10 more were queued, the rest dropped and reported
            int down = calls.indexOf("DOWN");
            assertThat(down).as("%s", calls).isBetween(11, 13);
            for (int i = 1; i < down; i++) {
                assertThat(calls.get(i)).isEqualTo("PUT m/k" + (i - 1));
            }
            assertThat(calls.get(0)).isEqualTo("UP");
            assertThat(calls.subList(down, calls.size())).containsExactly("DOWN", "UP", "PUT m/later");
        }
    }

    @Test
    void onAClusterChangesToMapsOnEveryNodeArriveAndAKillIsReported(RedisCluster cluster) throws Exception {
        String prefix = TestPrefixes.fresh("cfeed");
        RecordingSink heard = new RecordingSink();
        try (RedisStore writer = listening(cluster.url(), prefix, "W", new RecordingSink());
             RedisStore reader = listening(cluster.url(), prefix, "R", heard)) {
            List<String> expected = new ArrayList<>(List.of("UP"));
            for (int i = 0; i < 12; i++) {
                RawMap m = writer.open(new RawMapSpec("m" + i, StorageType.TEXT, StorageType.BINARY));
                m.put(b("k"), b("v"));
                m.remove(b("k"));
                expected.addAll(List.of("PUT m" + i + "/k", "REMOVE m" + i + "/k"));
            }
            // A message published on another node than the subscriber's comes over the cluster bus, so
            // messages of different nodes may interleave in any order; those of one map (one node) keep theirs.
            heard.await(c -> heard.calls().size() >= expected.size(), WAIT);
            assertThat(heard.calls()).containsExactlyInAnyOrderElementsOf(expected);
            for (int i = 0; i < 12; i++) {
                assertThat(heard.calls().indexOf("PUT m" + i + "/k")).isLessThan(heard.calls().indexOf("REMOVE m" + i + "/k"));
            }
            heard.reset();
            for (RedisServer node : cluster.nodes()) {
                node.cli("CLIENT", "KILL", "TYPE", "pubsub");
            }
            heard.awaitSequence(WAIT, "DOWN", "UP");
            writer.open(new RawMapSpec("m3", StorageType.TEXT, StorageType.BINARY)).set(b("after"), b("1"));
            heard.await("PUT m3/after", WAIT);
            assertThat(heard.calls()).containsExactly("DOWN", "UP", "PUT m3/after");
        }
    }

    @Test
    void publishToDeliveryLatency() throws Exception {
        String url = RedisServers.shared().url();
        String prefix = TestPrefixes.fresh("latency");
        RecordingSink heard = new RecordingSink();
        int n = 2000;
        long[] returned = new long[n];
        try (RedisStore writer = listening(url, prefix, "W", new RecordingSink());
             RedisStore reader = listening(url, prefix, "R", heard)) {
            RawMap m = writer.open(M);
            for (int i = 0; i < 200; i++) {
                m.set(b("warm" + i), b("1"));
            }
            heard.await("PUT m/warm199", WAIT);
            heard.reset();
            for (int i = 0; i < n; i++) {
                m.set(b("k" + i), b("1"));
                returned[i] = System.nanoTime();
            }
            heard.await("PUT m/k" + (n - 1), WAIT);
            List<RecordingSink.Heard> all = heard.heard();
            assertThat(all).hasSize(n);
            long[] lag = new long[n];
            for (int i = 0; i < n; i++) {
                assertThat(all.get(i).what()).isEqualTo("PUT m/k" + i);
                // after the put returned; may be "before" (negative) when delivery beats the reply
                lag[i] = Math.max(0, all.get(i).at() - returned[i]);
            }
            Arrays.sort(lag);
            LOG.info("Redis change feed, put returned -> other store's sink: p50 {} us, p99 {} us, max {} us ({} puts)",
                    lag[n / 2] / 1000, lag[n * 99 / 100] / 1000, lag[n - 1] / 1000, n);
            assertThat(lag[n * 99 / 100]).as("p99 stale window (ns), target 50 ms").isLessThan(50_000_000L);
        }
    }

    @Test
    void aUserWhoseAclForbidsTheChannelIsToldAtOnceAndItsWritesStayPlain() {
        // Redis 7 gives new ACL users no channel (acl-pubsub-default resetchannels)
        try (RedisServer server = RedisServers.builder().config("user bob on >bobpw ~* +@all").start()) {
            String url = "redis://bob:bobpw@" + server.host() + ":" + server.port();
            try (RedisStore store = RedisStoreTest.store(url, TestPrefixes.fresh("acl"))) {
                assertThatThrownBy(() -> store.changeFeed("o")).isInstanceOf(dev.depot.DepotException.class)
                        .hasMessageContaining("ACL SETUSER <user> &depot:*").hasMessageNotContaining("bobpw");
                RawMap m = store.open(M);
                m.put(b("k"), b("v"));
                assertThat(m.get(b("k"))).isEqualTo(b("v"));
            }
        }
    }

    @Test
    void originsAreCheckedAndTheFeedIsTurnedOnOnce() {
        try (RedisStore store = RedisStoreTest.store(RedisServers.shared().url(), TestPrefixes.fresh("origin"))) {
            assertThatThrownBy(() -> store.changeFeed("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 255 bytes");
            assertThatThrownBy(() -> store.changeFeed("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
            store.changeFeed("o").orElseThrow().close();
            assertThatThrownBy(() -> store.changeFeed("p")).isInstanceOf(IllegalStateException.class);
        }
    }
}
