package dev.depot.spi;

import dev.depot.DepotException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The one retry-with-backoff rule: after the n-th failure in a row, wait
 * {@code first * 2^(n-1)}, at most {@code max}, then take a random point in the upper half of
 * that wait ("equal jitter"). Waits thus grow, never exceed {@code max}, and two clients that
 * failed together do not retry together. {@link #retry} and {@link #retryFor} run an attempt
 * with it, bounded by a number of attempts or by time; schedulers that must not block use
 * {@link #delay} alone.
 *
 * <p>Immutable and thread-safe.
 */
public final class Backoff {
    /** One attempt: returns its result or throws. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E;
    }

    private final long firstNanos;
    private final long maxNanos;

    private Backoff(long firstNanos, long maxNanos) {
        this.firstNanos = firstNanos;
        this.maxNanos = maxNanos;
    }

    /**
     * Waits starting at {@code first} and doubling up to {@code max}.
     *
     * @throws IllegalArgumentException when {@code first} is not positive or {@code max} is less than {@code first}
     */
    public static Backoff exponential(Duration first, Duration max) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, not first " + first + " and max " + max);
        }
        return new Backoff(first.toNanos(), max.toNanos());
    }

    /** The longest wait this backoff makes. */
    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }

    /**
     * How long to wait after the {@code failures}-th failure in a row (1 for the first): between
     * half and all of {@code min(first * 2^(failures-1), max)}, chosen at random.
     *
     * @throws IllegalArgumentException when {@code failures} is less than 1
     */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures counts from 1, not " + failures);
        }
        int doublings = failures - 1;
        // first << doublings fits a long while doublings is below first's leading zero bits
        long ceiling = doublings >= Long.numberOfLeadingZeros(firstNanos) ? maxNanos : Math.min(maxNanos, firstNanos << doublings);
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /**
     * Runs {@code attempt} until it returns, at most {@code maxAttempts} times, waiting
     * {@link #delay} between attempts. A failure is thrown as it is when {@code retryable}
     * says no, when it is the last attempt's, or when the thread is interrupted while waiting
     * (the interrupt flag is then set again and the interruption added as suppressed).
     *
     * @throws E                        the failure that ended the retries
     * @throws IllegalArgumentException when {@code maxAttempts} is less than 1
     */
    public <T, E extends Exception> T retry(int maxAttempts, Predicate<? super Exception> retryable, Attempt<T, E> attempt)
            throws E {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        return run(maxAttempts, Long.MAX_VALUE, retryable, attempt);
    }

    /**
     * Like {@link #retry}, bounded by time rather than by a count: no attempt starts later than
     * {@code budget} after this call; the failure before a wait that would pass it is thrown.
     *
     * @throws E the failure that ended the retries
     */
    public <T, E extends Exception> T retryFor(Duration budget, Predicate<? super Exception> retryable, Attempt<T, E> attempt)
            throws E {
        return run(Integer.MAX_VALUE, System.nanoTime() + budget.toNanos(), retryable, attempt);
    }

    private <T, E extends Exception> T run(int maxAttempts, long deadline, Predicate<? super Exception> retryable,
                                           Attempt<T, E> attempt) throws E {
        Objects.requireNonNull(retryable, "retryable");
        Objects.requireNonNull(attempt, "attempt");
        for (int failures = 1; ; failures++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (failures >= maxAttempts || !retryable.test(e)) {
                    throw e;
                }
                long wait = delay(failures).toNanos();
                if (deadline != Long.MAX_VALUE && System.nanoTime() + wait - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }

    /**
     * Sleeps {@code millis} milliseconds. An interrupt leaves the thread's interrupt flag set and
     * becomes a {@link DepotException} "interrupted while {@code waitingFor}".
     */
    public static void sleep(long millis, String waitingFor) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepotException("interrupted while " + waitingFor, e);
        }
    }
}
