package dev.depot.testkit.servers;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One server of a kind for the whole JVM: started by the first {@link #get()}, the same one
 * afterwards, stopped at JVM exit by {@link ServerProcess}'s shutdown hook. A start that fails
 * throws to that caller and is tried again by the next. Thread-safe.
 */
final class SharedServer<S> {
    private final Supplier<S> start;
    private S server;

    SharedServer(Supplier<S> start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    synchronized S get() {
        if (server == null) {
            server = start.get();
        }
        return server;
    }
}
