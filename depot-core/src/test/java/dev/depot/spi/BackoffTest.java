package dev.depot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.DepotException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void waitsDoubleFromTheFirstUpToTheBoundEachJitteredWithinItsUpperHalf() {
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (int failures = 1; failures <= ceilings.length; failures++) {
            long ceiling = ceilings[failures - 1];
            for (int i = 0; i < 200; i++) {
                long ms = BACKOFF.delay(failures).toMillis();
                assertThat(ms).as("failure %d", failures).isBetween(ceiling / 2, ceiling);
            }
        }
        assertThat(BACKOFF.delay(Integer.MAX_VALUE)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(Backoff.exponential(Duration.ofNanos(1), Duration.ofDays(365)).delay(80))
                .isBetween(Duration.ofDays(182), Duration.ofDays(365)); // no overflow into a short or negative wait
    }

    @Test
    void jitterSpreadsTheWaitsOfClientsThatFailedTogether() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waits.add(BACKOFF.delay(3).toNanos());
        }
        assertThat(waits.stream().distinct().count()).isGreaterThan(40);
    }

    @Test
    void retryRunsUntilTheAttemptSucceeds() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Backoff fast = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(4));
        String result = fast.retry(5, e -> e instanceof IOException, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("busy");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void retryThrowsTheLastFailureAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        Backoff fast = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(4));
        assertThatThrownBy(() -> fast.retry(4, e -> true, () -> {
            throw new IOException("attempt " + calls.incrementAndGet());
        })).isInstanceOf(IOException.class).hasMessage("attempt 4");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aFailureThatIsNotRetryableIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> BACKOFF.retry(5, e -> e instanceof IOException, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bad input");
        })).isInstanceOf(IllegalStateException.class).hasMessage("bad input");
        assertThat(calls).hasValue(1);
    }

    @Test
    void retryForStopsWhenTheNextWaitWouldPassTheBudget() {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(40))
                .retryFor(Duration.ofMillis(300), e -> true, () -> {
                    throw new IOException("attempt " + calls.incrementAndGet());
                })).isInstanceOf(IOException.class);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMs).isLessThan(300 + 1_000); // the budget, with room for a slow machine
        assertThat(calls.get()).isBetween(5, 40); // waits of 10 to 40 ms fit several times into 300 ms
    }

    @Test
    void anInterruptedWaitEndsTheRetriesWithTheFailureAndKeepsTheInterrupt() {
        AtomicInteger calls = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> BACKOFF.retry(5, e -> true, () -> {
                calls.incrementAndGet();
                throw new IOException("busy");
            })).isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(InterruptedException.class));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> BACKOFF.delay(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BACKOFF.retry(0, e -> true, () -> "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sleepWaitsAndAnInterruptBecomesADepotExceptionThatKeepsTheFlag() {
        long start = System.nanoTime();
        Backoff.sleep(50, "testing");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Backoff.sleep(10_000, "waiting for the lease")).isInstanceOf(DepotException.class)
                    .hasMessage("interrupted while waiting for the lease").hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag is set again").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
