package dev.depot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link GroupCommit}'s lanes and rounds, with a writer that holds each write until the test lets it go. */
@Timeout(30)
class GroupCommitTest {
    /** Records what reached it and blocks every write until {@link #release} is counted down. */
    private static final class HeldWriter implements GroupCommit.Writer {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();
        final List<List<String>> rounds = Collections.synchronizedList(new ArrayList<>());

        @Override
        public byte[] writeOne(GroupCommit.Op op) {
            hold(List.of(op));
            return "old".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void writeAll(List<GroupCommit.Op> ops) {
            hold(ops);
            for (GroupCommit.Op op : ops) {
                op.previous = "old".getBytes(StandardCharsets.UTF_8);
            }
        }

        private void hold(List<GroupCommit.Op> ops) {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            rounds.add(ops.stream().map(o -> new String(o.key, StandardCharsets.UTF_8)).toList());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private static GroupCommit.Op op(String key) {
        return new GroupCommit.Op(key.getBytes(StandardCharsets.UTF_8), "new".getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until {@code condition} holds (the writers are on other threads). */
    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 10 s").isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void writesUpToTheLanesRunAloneAndAtOnceAndTheRestGoInOneRoundInArrivalOrder() throws Exception {
        HeldWriter writer = new HeldWriter();
        GroupCommit group = new GroupCommit(writer, 3);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (String k : List.of("a", "b", "c")) {
                results.add(threads.submit(() -> group.write(op(k))));
            }
            await(() -> writer.running.get() == 3); // three lanes: three writes in flight, none waiting for another
            for (String k : List.of("d", "e", "f")) {
                results.add(threads.submit(() -> group.write(op(k))));
                Thread.sleep(50); // arrival order d, e, f
            }
            assertThat(writer.rounds).hasSize(3); // d, e, f queue: every lane is busy
            writer.release.countDown();
            for (Future<byte[]> r : results) {
                assertThat(new String(r.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("old");
            }
            assertThat(writer.rounds.subList(0, 3)).allMatch(r -> r.size() == 1);
            assertThat(writer.rounds.subList(3, writer.rounds.size())).containsExactly(List.of("d", "e", "f"));
            assertThat(writer.mostRunning.get()).isEqualTo(3);
            assertThat(group.groupedWrites()).isEqualTo(3);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void oneLaneWritesOneRoundAtATime() throws Exception {
        HeldWriter writer = new HeldWriter();
        GroupCommit group = new GroupCommit(writer, 1);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            Future<byte[]> first = threads.submit(() -> group.write(op("a")));
            await(() -> writer.running.get() == 1);
            List<Future<byte[]>> queued = new ArrayList<>();
            for (String k : List.of("b", "c")) {
                queued.add(threads.submit(() -> group.write(op(k))));
                Thread.sleep(50);
            }
            assertThat(writer.rounds).hasSize(1);
            writer.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<byte[]> q : queued) {
                q.get(10, TimeUnit.SECONDS);
            }
            assertThat(writer.rounds).containsExactly(List.of("a"), List.of("b", "c"));
            assertThat(writer.mostRunning.get()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailedRoundFailsEachOfItsCallersAndFreesItsLane() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit group = new GroupCommit(new GroupCommit.Writer() {
            @Override
            public byte[] writeOne(GroupCommit.Op op) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("store down");
                }
                return null;
            }

            @Override
            public void writeAll(List<GroupCommit.Op> ops) {
                throw new AssertionError("no round of two here");
            }
        }, 2);
        assertThatThrownBy(() -> group.write(op("a"))).isInstanceOf(IllegalStateException.class).hasMessage("store down");
        assertThat(group.write(op("a"))).isNull(); // the lane is free again
        assertThat(group.write(op("b"))).isNull();
    }

    @Test
    void noLaneIsRefused() {
        assertThatThrownBy(() -> new GroupCommit(new HeldWriter(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lanes");
    }
}
