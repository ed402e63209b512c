package dev.depot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.ChangeFeedState;
import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapEvent;
import dev.depot.MapOptions;
import dev.depot.WriteMode;
import dev.depot.spi.ChangeKind;
import dev.depot.spi.RawMap;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The change feed wired into a Depot with sharedAccess, through the real map layers over bytes
 * ({@link FeedMemoryStoreProvider}: the memory store's byte maps, and a test double of the feed
 * only). "Another process" writes the same bytes the Depot reads and announces it through the feed.
 */
class ChangeFeedCacheTest {

    private static Depot open(Duration fallbackTtl) {
        DepotConfig.Builder b = DepotConfig.builder().url("feedmemory:").sharedAccess(true);
        if (fallbackTtl != null) {
            b.invalidationFallbackTtl(fallbackTtl);
        }
        return Depot.open(b.build());
    }

    private static byte[] key(long k) {
        return Codec.LONG.encode(k);
    }

    /** Another process writes {@code k = v} into the store, unannounced so far. */
    private static void writeElsewhere(long k, String v) {
        RawMap raw = FeedMemoryStoreProvider.last.raw("m");
        raw.put(key(k), Codec.STRING.encode(v));
    }

    private static FeedMemoryStoreProvider.TestFeed feed() {
        return FeedMemoryStoreProvider.last.feed;
    }

    @Test
    void anAnnouncedChangeOfAnotherProcessInvalidatesThatKeyOnly() {
        try (Depot depot = open(null)) {
            assertThat(depot.changeFeedState()).isEqualTo(ChangeFeedState.CONNECTED);
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            map.put(1L, "a");
            map.put(2L, "b");
            writeElsewhere(1L, "A");
            writeElsewhere(2L, "B");
            assertThat(map.get(1L)).as("cached until announced: the cache is on").isEqualTo("a");
            feed().sink.changed("m", key(1L), ChangeKind.PUT);
            assertThat(map.get(1L)).isEqualTo("A");
            assertThat(map.get(2L)).as("other keys stay cached").isEqualTo("b");
            feed().sink.changed("m", null, ChangeKind.CLEAR);
            assertThat(map.get(2L)).isEqualTo("B");
            feed().sink.changed("not-open-here", key(1L), ChangeKind.PUT); // ignored
        }
        assertThat(feed().closed).as("closing the Depot closes its feed").isTrue();
    }

    @Test
    void listenersGetRemoteChangesAsNotLocalAndLocalOnesFromEveryWritePath() throws Exception {
        try (Depot depot = open(null)) {
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            DbMap<Long, String> behind = depot.map("wb", Codec.LONG, Codec.STRING,
                    MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND).withFlushInterval(Duration.ofHours(1)));
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            map.listen(e -> seen.add(e.kind() + " " + e.key() + (e.local() ? " local" : " remote")));
            behind.listen(e -> seen.add("wb " + e.kind() + " " + e.key() + (e.local() ? " local" : " remote")));
            map.put(1L, "a");
            map.async().put(2L, "b").get(10, TimeUnit.SECONDS);
            map.merge(1L, "+", String::concat);
            map.entrySet().iterator().next().setValue("z");
            writeElsewhere(3L, "c");
            feed().sink.changed("m", key(3L), ChangeKind.PUT);
            map.remove(3L);
            behind.put(9L, "buffered"); // reported when buffered, long before the hourly flush
            List<String> got = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                got.add(seen.poll(10, TimeUnit.SECONDS));
            }
            // put, async put, merge, setValue through a view; the remote put; remove; the buffered put
            assertThat(got).containsExactlyInAnyOrder("PUT 1 local", "PUT 2 local", "PUT 1 local", "PUT 1 local",
                    "PUT 3 remote", "REMOVE 3 local", "wb PUT 9 local");
            assertThat(got.stream().filter(g -> !g.startsWith("wb")).toList()).as("one listener's order").containsSubsequence("PUT 1 local", "PUT 2 local", "PUT 3 remote", "REMOVE 3 local");
        }
    }

    @Test
    void whileTheFeedIsDownNothingIsCachedWithAZeroFallbackAndAGapFollowsTheReconnect() throws Exception {
        try (Depot depot = open(Duration.ZERO)) {
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            BlockingQueue<MapEvent.Kind> kinds = new LinkedBlockingQueue<>();
            map.listen(e -> kinds.add(e.kind()));
            map.put(1L, "a");
            assertThat(kinds.poll(10, TimeUnit.SECONDS)).isEqualTo(MapEvent.Kind.PUT);
            feed().sink.disconnected("test: connection reset");
            assertThat(depot.changeFeedState()).isEqualTo(ChangeFeedState.DISCONNECTED);
            writeElsewhere(1L, "A");
            assertThat(map.get(1L)).as("flushed on disconnect").isEqualTo("A");
            writeElsewhere(1L, "AA");
            assertThat(map.get(1L)).as("nothing cached while down").isEqualTo("AA");
            map.put(1L, "mine");
            writeElsewhere(1L, "theirs");
            assertThat(map.get(1L)).as("a local write is not cached while down either").isEqualTo("theirs");
            feed().sink.connected();
            assertThat(depot.changeFeedState()).isEqualTo(ChangeFeedState.CONNECTED);
            assertThat(kinds.poll(10, TimeUnit.SECONDS)).isEqualTo(MapEvent.Kind.PUT);
            assertThat(kinds.poll(10, TimeUnit.SECONDS)).as("listeners learn that changes may be lost").isEqualTo(MapEvent.Kind.GAP);
            assertThat(map.get(1L)).isEqualTo("theirs");
            writeElsewhere(1L, "later");
            assertThat(map.get(1L)).as("cached again once the feed is back").isEqualTo("theirs");
        }
    }

    @Test
    void whileTheFeedIsDownValuesLiveTheDefaultFallbackTtlOfOneSecond() throws Exception {
        try (Depot depot = open(null)) {
            assertThat(depot.config().invalidationFallbackTtl()).isEqualTo(Duration.ofSeconds(1));
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            map.put(1L, "a");
            feed().sink.disconnected("test");
            writeElsewhere(1L, "b");
            long loaded = System.nanoTime();
            assertThat(map.get(1L)).isEqualTo("b"); // flushed on disconnect, loaded now with the fallback TTL
            writeElsewhere(1L, "c");
            assertThat(map.get(1L)).as("cached while down, for the fallback TTL").isEqualTo("b");
            while (map.get(1L).equals("b")) {
                Thread.sleep(20);
                assertThat(Duration.ofNanos(System.nanoTime() - loaded)).isLessThan(Duration.ofSeconds(3));
            }
            long staleMillis = (System.nanoTime() - loaded) / 1_000_000;
            assertThat(staleMillis).as("stale for about the fallback TTL").isBetween(900L, 1_600L);
        }
    }

    @Test
    void withoutSharedAccessTheFeedIsNeverTurnedOn() {
        try (Depot depot = Depot.open("feedmemory:")) {
            assertThat(depot.changeFeedState()).isEqualTo(ChangeFeedState.NONE);
            assertThat(FeedMemoryStoreProvider.last.feed).isNull();
        }
    }
}
