package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.HungServerTests;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.ServerHandle;
import dev.depot.testkit.servers.ServerProcess;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link HungServerTests} plus the driver's own {@code socketTimeout} URL parameter, whose unit
 * each driver picks (pgjdbc: seconds, MariaDB Connector/J: milliseconds).
 */
abstract class JdbcHungServerTests<S extends ServerHandle> extends HungServerTests {
    /**
     * The driver's {@code socketTimeout} forms.
     *
     * @param oneSecond  the URL parameter that sets the socket timeout to one second, e.g. {@code "?socketTimeout=1"}
     * @param bad        a socketTimeout parameter the driver's unit does not allow
     * @param badMessage what its refusal says
     */
    record SocketTimeouts(String oneSecond, String bad, String badMessage) {}

    private final PrivateServer<S> server;
    private final Function<S, String> url;
    private final SocketTimeouts socketTimeouts;

    /** Tests on {@code server}, whose store URL is {@code url} of it, with the driver's {@code socketTimeouts}. */
    JdbcHungServerTests(PrivateServer<S> server, Function<S, String> url, SocketTimeouts socketTimeouts) {
        this.server = server;
        this.url = url;
        this.socketTimeouts = socketTimeouts;
    }

    @Override
    protected final String storeUrl() {
        return url.apply(server.get());
    }

    @Override
    protected final ServerProcess process() {
        return server.get().process();
    }

    @Test
    void theUrlsSocketTimeoutWinsOverOperationTimeout() {
        DepotConfig config = DepotConfig.builder().url(storeUrl() + socketTimeouts.oneSecond()).prefix(TestPrefixes.fresh("hungu"))
                .cacheTtl(Duration.ZERO).build();
        try (Depot depot = Depot.open(config)) {
            DbMap<Long, String> m = depot.map("m", Codec.LONG, Codec.STRING);
            m.put(1L, "one");
            pause();
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> m.get(1L)).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("timed out after");
                assertThat((System.nanoTime() - start) / 1_000_000).as("1 s from the URL, not operationTimeout's 5 s")
                        .isLessThan(1_000 + MARGIN.toMillis());
            } finally {
                resume();
            }
            assertThat(m.get(1L)).isEqualTo("one");
        }
    }

    @Test
    void aSocketTimeoutThatIsNotAWholeNumberIsRefusedByName() {
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(storeUrl() + socketTimeouts.bad())
                .prefix(TestPrefixes.fresh("hungu")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(socketTimeouts.badMessage());
    }
}
