package dev.depot.testkit.servers;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * One server of a kind for the whole JVM: started by the first {@link #get()}, the same one
 * afterwards, stopped at JVM exit by {@link ServerProcess}'s shutdown hook. A start that fails
 * throws to that caller and is tried again by the next. Thread-safe.
 */
final class SharedServer<S> {
    private static final ConcurrentMap<String, SharedServer<?>> BY_NAME = new ConcurrentHashMap<>();
    private final Supplier<S> start;
    private S server;

    /**
     * The JVM's server called {@code name}, started by {@code start} on the first call with that
     * name; the same server (or, after a failed start, a new try) on later calls.
     */
    @SuppressWarnings("unchecked")
    static <S> S get(String name, Supplier<S> start) {
        return ((SharedServer<S>) BY_NAME.computeIfAbsent(name, n -> new SharedServer<>(start))).get();
    }

    private SharedServer(Supplier<S> start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    synchronized S get() {
        if (server == null) {
            server = start.get();
        }
        return server;
    }
}
