package dev.depot.testkit;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Prefixes that no other test, run or concurrent process uses, so tests can share one database. */
public final class TestPrefixes {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);

    private TestPrefixes() {}

    /** A new valid prefix starting with {@code stem}, e.g. {@code t_k3f9_12}. */
    public static String fresh(String stem) {
        return stem + "_" + RUN + "_" + COUNTER.incrementAndGet();
    }
}
