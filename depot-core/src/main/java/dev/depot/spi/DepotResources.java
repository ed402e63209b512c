package dev.depot.spi;

import java.util.function.Supplier;

/**
 * Things an extension module (media's background workers) keeps once per Depot and that close
 * with it: {@code Depot.close()} closes each, newest first, before it flushes and closes the
 * stores, so a worker can still write while it stops. Implemented by Depot's own
 * implementation; an extension checks {@code depot instanceof DepotResources}. Thread-safe.
 */
public interface DepotResources {

    /**
     * The resource kept under {@code name}, made by {@code factory} on first call.
     *
     * @throws IllegalStateException when the Depot is closed
     * @throws ClassCastException    when {@code name} holds a resource of another type
     */
    <T extends AutoCloseable> T shared(String name, Class<T> type, Supplier<T> factory);
}
