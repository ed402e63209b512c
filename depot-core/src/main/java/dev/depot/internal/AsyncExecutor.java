package dev.depot.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Runs blocking store calls for the asynchronous API on virtual threads: cheap to block, no pool to size. */
public final class AsyncExecutor {
    private static final ExecutorService VIRTUAL = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("depot-async-", 0).factory());

    private AsyncExecutor() {}

    public static <T> CompletableFuture<T> supply(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, VIRTUAL);
    }
}
