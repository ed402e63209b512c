package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link DbMap#listen} on the memory store: what a listener in the same process sees of its writes. */
class MapListenTest {

    /** What a listener saw of one event, and on which thread. */
    record Seen(MapEvent.Kind kind, Long key, String value, boolean local, Thread thread) {}

    static final class Recorder implements MapListener<Long, String> {
        final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(MapEvent<Long, String> e) {
            seen.add(new Seen(e.kind(), e.key(), e.value(), e.local(), Thread.currentThread()));
        }

        List<Seen> take(int n) throws InterruptedException {
            List<Seen> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Seen s = seen.poll(10, TimeUnit.SECONDS);
                assertThat(s).as("event %d of %d", i + 1, n).isNotNull();
                out.add(s);
            }
            return out;
        }
    }

    private static String kinds(List<Seen> seen) {
        return seen.stream().map(s -> s.kind() + (s.key() == null ? "" : " " + s.key())).toList().toString();
    }

    @Test
    void localWritesArriveInOrderOffTheWritersThread() throws Exception {
        try (Depot depot = Depot.open("memory:")) {
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            Recorder r = new Recorder();
            map.listen(r);
            map.put(1L, "a");
            map.put(1L, "b");
            map.remove(1L);
            map.remove(1L); // absent: nothing changed, nothing reported
            Map<Long, String> batch = new LinkedHashMap<>();
            batch.put(2L, "x");
            batch.put(3L, "y");
            map.putAll(batch);
            map.compute(2L, (k, v) -> v + "!");
            map.merge(3L, "z", String::concat);
            map.computeIfAbsent(4L, k -> "new");
            map.computeIfAbsent(4L, k -> "not run");
            map.putIfAbsent(4L, "kept");
            map.replace(4L, "new", "four");
            map.computeIfPresent(4L, (k, v) -> null);
            map.clear();
            List<Seen> seen = r.take(11);
            assertThat(kinds(seen)).isEqualTo("[PUT 1, PUT 1, REMOVE 1, PUT 2, PUT 3, PUT 2, PUT 3, PUT 4, PUT 4, REMOVE 4, CLEAR]");
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.local()).isTrue();
                assertThat(s.thread()).isNotSameAs(Thread.currentThread());
                assertThat(s.thread().isVirtual()).isTrue();
            });
            assertThat(r.seen.poll(200, TimeUnit.MILLISECONDS)).as("no event for writes that changed nothing").isNull();
        }
    }

    @Test
    void valueIsReadWhenAskedForAndKeyIsNullForClear() throws Exception {
        try (Depot depot = Depot.open("memory:")) {
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            CountDownLatch go = new CountDownLatch(1);
            BlockingQueue<String> values = new LinkedBlockingQueue<>();
            map.listen(e -> {
                try {
                    go.await();
                } catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
                values.add(e.kind() + "=" + e.key() + "=" + e.value());
            });
            map.put(7L, "first");
            map.put(7L, "second");
            map.clear();
            go.countDown();
            // Both PUT events read the map when the listener asks, after clear: the key is gone.
            assertThat(List.of(values.poll(10, TimeUnit.SECONDS), values.poll(10, TimeUnit.SECONDS),
                    values.poll(10, TimeUnit.SECONDS))).containsExactly("PUT=7=null", "PUT=7=null", "CLEAR=null=null");
        }
    }

    @Test
    void aSlowListenerLosesEventsForOneGapAndMemoryStaysBounded() throws Exception {
        try (Depot depot = Depot.open("memory:")) {
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            CountDownLatch go = new CountDownLatch(1);
            List<MapEvent.Kind> kinds = new ArrayList<>();
            List<Long> keys = new ArrayList<>();
            CountDownLatch last = new CountDownLatch(1);
            int writes = 25_000;
            map.listen(e -> {
                try {
                    go.await();
                } catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
                synchronized (kinds) {
                    kinds.add(e.kind());
                    keys.add(e.key());
                }
                if (e.key() != null && e.key() == writes) {
                    last.countDown();
                }
            });
            long started = System.nanoTime();
            for (long i = 1; i <= writes; i++) {
                map.put(i, "v");
            }
            long writeMillis = (System.nanoTime() - started) / 1_000_000;
            go.countDown();
            assertThat(last.await(30, TimeUnit.SECONDS)).as("the last write is still delivered after the gap").isTrue();
            synchronized (kinds) {
                // The writer never waited for the stalled listener (it would have hung), and the
                // queue never held more than its bound (10,000) plus the gap and the newest event.
                assertThat(kinds.size()).isLessThanOrEqualTo(10_002).isGreaterThan(0);
                assertThat(kinds.stream().filter(k -> k == MapEvent.Kind.GAP).count()).isGreaterThanOrEqualTo(1);
                int gap = kinds.indexOf(MapEvent.Kind.GAP);
                List<Long> after = keys.subList(gap + 1, keys.size()).stream().filter(k -> k != null).toList();
                assertThat(after).isSorted();
            }
            assertThat(writeMillis).as("25,000 puts with a stalled listener").isLessThan(20_000);
        }
    }

    @Test
    void closeStopsDeliveryAndIsIdempotent() throws Exception {
        try (Depot depot = Depot.open("memory:")) {
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            Recorder r = new Recorder();
            MapSubscription sub = map.listen(r);
            map.put(1L, "a");
            assertThat(r.take(1).get(0).key()).isEqualTo(1L);
            sub.close();
            sub.close();
            map.put(2L, "b");
            map.clear();
            assertThat(r.seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aFailingListenerGetsTheNextEventAndOthersAreUnaffected() throws Exception {
        try (Depot depot = Depot.open("memory:")) {
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
            map.listen(e -> {
                seen.add(e.key());
                throw new IllegalStateException("listener bug");
            });
            Recorder other = new Recorder();
            map.listen(other);
            map.put(1L, "a");
            map.put(2L, "b");
            assertThat(List.of(seen.poll(10, TimeUnit.SECONDS), seen.poll(10, TimeUnit.SECONDS))).containsExactly(1L, 2L);
            assertThat(kinds(other.take(2))).isEqualTo("[PUT 1, PUT 2]");
        }
    }

    @Test
    void nullListenerIsRefused() {
        try (Depot depot = Depot.open("memory:")) {
            DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
            assertThatThrownBy(() -> map.listen(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("listener");
        }
    }

    @Test
    void theMemoryStoreHasNoFeedEvenWhenShared() {
        try (Depot depot = Depot.open(DepotConfig.builder().url("memory:").sharedAccess(true).build())) {
            assertThat(depot.changeFeedState()).isEqualTo(ChangeFeedState.NONE);
        }
        try (Depot depot = Depot.open("memory:")) {
            assertThat(depot.changeFeedState()).isEqualTo(ChangeFeedState.NONE);
        }
    }

    @Test
    void closingTheDepotStopsTheListenersThreads() throws Exception {
        Recorder r = new Recorder();
        Depot depot = Depot.open("memory:");
        DbMap<Long, String> map = depot.map("m", Codec.LONG, Codec.STRING);
        map.listen(r);
        map.put(1L, "a");
        Thread listenerThread = r.take(1).get(0).thread();
        depot.close();
        listenerThread.join(Duration.ofSeconds(10));
        assertThat(listenerThread.isAlive()).isFalse();
    }
}
