package dev.depot.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maps with {@code byte[]} keys in the memory store take the same path as every other memory
 * map: keys compare by content, functions run once, and the snapshot keeps them.
 */
class ArrayKeyMemoryMapTest {
    @TempDir
    Path dir;

    @Test
    void keysCompareByContentInEveryView() {
        try (Depot d = Depot.open("memory:")) {
            DbMap<byte[], String> m = d.map("k", Codec.BYTES, Codec.STRING);
            byte[] key = {1, 2, 3};
            m.put(key, "a");
            key[0] = 9; // the caller reuses its array: the stored key must not change
            assertThat(m.get(new byte[] {1, 2, 3})).isEqualTo("a");
            assertThat(m.containsKey(new byte[] {9, 2, 3})).isFalse();
            assertThat(m.keySet().contains(new byte[] {1, 2, 3})).isTrue();
            assertThat(m.keySet().iterator().next()).containsExactly(1, 2, 3);
            assertThat(m.entrySet().iterator().next().getKey()).containsExactly(1, 2, 3);
            assertThat(m.replace(new byte[] {1, 2, 3}, "a", "b")).isTrue();
            assertThat(m.merge(new byte[] {1, 2, 3}, "c", String::concat)).isEqualTo("bc");
            assertThat(m.keySet().remove(new byte[] {1, 2, 3})).isTrue();
            assertThat(m).isEmpty();
        }
    }

    @Test
    void computeIfAbsentRunsItsFunctionOnceUnderContention() throws Exception {
        try (Depot d = Depot.open("memory:")) {
            DbMap<byte[], String> m = d.map("k", Codec.BYTES, Codec.STRING);
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return m.computeIfAbsent(new byte[] {7}, k -> {
                            runs.incrementAndGet();
                            sleep(100); // the other threads arrive while this one computes
                            return "made";
                        });
                    }));
                }
                start.countDown();
                for (Future<String> r : results) {
                    assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("made");
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void snapshotKeepsArrayKeyedMaps() {
        try (Depot d = Depot.open("memory:" + dir)) {
            d.map("k", Codec.BYTES, Codec.BYTES).put(new byte[] {0, (byte) 0xff}, new byte[] {5});
        }
        try (Depot d = Depot.open("memory:" + dir)) {
            DbMap<byte[], byte[]> m = d.map("k", Codec.BYTES, Codec.BYTES);
            assertThat(m.get(new byte[] {0, (byte) 0xff})).containsExactly(5);
            assertThat(m.sizeLong()).isEqualTo(1);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
