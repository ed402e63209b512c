package dev.depot.testkit;

/** A sleep for tests and their child JVMs that does not swallow an interrupt. Stateless, thread-safe. */
public final class Pause {
    private Pause() {}

    /**
     * Sleeps {@code ms} milliseconds.
     *
     * @throws IllegalStateException when interrupted, with the thread's interrupt flag set again
     */
    public static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pausing " + ms + " ms", e);
        }
    }
}
