package dev.depot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The race of a coherent cache: a load reads the store, another process's change is announced
 * while that load is in flight, and the load's (now stale) value must not stay cached; the
 * announcement must not wait for the load either (it runs on the feed's thread).
 */
class CoherentValueCacheTest {
    /** Own threads: the common pool may have a single thread on a small machine. */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private final EntryCodec<Long, String> codec = new EntryCodec<>("m", "test", Codec.LONG, Codec.STRING, 1 << 20);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private ValueCache<Long, String> cache() {
        return ValueCache.coherent(Duration.ofMinutes(5), 1000, codec, () -> true, Duration.ofSeconds(1));
    }

    @Test
    void aValueLoadedBeforeAnAnnouncedChangeIsNotCached() throws Exception {
        ValueCache<Long, String> cache = cache();
        AtomicReference<String> store = new AtomicReference<>("old");
        CountDownLatch loadRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> cache.get(1L, () -> {
            loads.incrementAndGet();
            String read = store.get(); // the store answers "old"...
            loadRead.countDown();
            try {
                release.await(); // ...and the answer is slow to come back
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return read;
        }), threads);
        assertThat(loadRead.await(10, TimeUnit.SECONDS)).isTrue();
        store.set("new"); // another process commits
        CompletableFuture<Void> announced = CompletableFuture.runAsync(() -> cache.invalidate(1L), threads);
        announced.get(2, TimeUnit.SECONDS); // returns at once although the load is still in flight
        release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("old"); // the caller gets what it read
        assertThat(cache.get(1L, () -> {
            loads.incrementAndGet();
            return store.get();
        })).as("the stale value was not kept").isEqualTo("new");
        assertThat(loads).hasValue(2);
        assertThat(cache.get(1L, () -> "never loaded")).as("the fresh value is cached").isEqualTo("new");
    }

    @Test
    void aLoadThatRacedNothingIsCached() {
        ValueCache<Long, String> cache = cache();
        assertThat(cache.get(1L, () -> "v")).isEqualTo("v");
        assertThat(cache.get(1L, () -> "other")).isEqualTo("v");
        cache.invalidate(1L);
        assertThat(cache.get(1L, () -> "other")).isEqualTo("other");
    }

    @Test
    void aValueLoadedBeforeAFlushIsNotCached() throws Exception {
        ValueCache<Long, String> cache = cache();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> cache.get(1L, () -> {
            loading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "old";
        }), threads);
        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
        cache.invalidateAll(); // a CLEAR, or the feed reconnecting
        release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(cache.get(1L, () -> "new")).isEqualTo("new");
    }
}
