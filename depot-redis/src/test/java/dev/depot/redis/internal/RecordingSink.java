package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.spi.ChangeKind;
import dev.depot.spi.ChangeSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link ChangeSink} that records what it hears as text ({@code PUT m/k}, {@code CLEAR m}, {@code UP}, {@code DOWN}), with arrival times. */
final class RecordingSink implements ChangeSink {
    /** One call, and {@link System#nanoTime()} when it came. */
    record Heard(String what, long at) {}

    private final List<Heard> heard = new ArrayList<>();

    @Override
    public synchronized void changed(String map, byte[] key, ChangeKind kind) {
        String k = key == null ? "" : "/" + new String(key, StandardCharsets.UTF_8);
        heard.add(new Heard(kind + " " + map + k, System.nanoTime()));
        notifyAll();
    }

    @Override
    public synchronized void connected() {
        heard.add(new Heard("UP", System.nanoTime()));
        notifyAll();
    }

    @Override
    public synchronized void disconnected(String reason) {
        heard.add(new Heard("DOWN", System.nanoTime()));
        notifyAll();
    }

    synchronized List<String> calls() {
        return heard.stream().map(Heard::what).toList();
    }

    synchronized List<Heard> heard() {
        return List.copyOf(heard);
    }

    synchronized void reset() {
        heard.clear();
    }

    /** Waits until a call matching {@code what} has come; fails after {@code timeout}. Returns its arrival time. */
    synchronized long await(Predicate<String> what, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Heard h : heard) {
                if (what.test(h.what())) {
                    return h.at();
                }
            }
            long left = end - System.nanoTime();
            assertThat(left).as("waiting for a call; heard so far: %s", calls()).isPositive();
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until the calls heard contain {@code whats} in this order (others may come between); returns when the last came. */
    synchronized long awaitSequence(Duration timeout, String... whats) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            int next = 0;
            for (Heard h : heard) {
                if (h.what().equals(whats[next]) && ++next == whats.length) {
                    return h.at();
                }
            }
            long left = end - System.nanoTime();
            assertThat(left).as("waiting for %s; heard so far: %s", List.of(whats), calls()).isPositive();
            wait(Math.max(1, left / 1_000_000));
        }
    }

    long await(String what, Duration timeout) throws InterruptedException {
        return await(what::equals, timeout);
    }
}
