package dev.depot.testkit.junit;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server of one test class's own, for tests that must not share theirs (they pause, kill or
 * reconfigure it): started before the class's first test, closed after its last.
 * <pre>{@code
 * @RegisterExtension
 * static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().start());
 * ... PG.get().process().pause() ...
 * }</pre>
 * Register it in a {@code static} field. A server that cannot start fails every test of the
 * class with the reason; none is skipped. Not for concurrent classes sharing one instance.
 *
 * @param <S> the server type
 */
public final class PrivateServer<S extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<S> start;
    private S server;

    private PrivateServer(Supplier<S> start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /** An extension that runs {@code start} before the class's tests and closes its server after them. */
    public static <S extends AutoCloseable> PrivateServer<S> of(Supplier<S> start) {
        return new PrivateServer<>(start);
    }

    /**
     * The running server.
     *
     * @throws IllegalStateException outside the class's tests (before it started or after it closed)
     */
    public synchronized S get() {
        if (server == null) {
            throw new IllegalStateException("the private server runs only during its test class; register this "
                    + "extension with @RegisterExtension on a static field");
        }
        return server;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        server = start.get();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        S s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }
}
