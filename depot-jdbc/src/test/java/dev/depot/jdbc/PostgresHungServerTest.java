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
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL that stops answering, postmaster and backends frozen: pgjdbc's socket timeout and
 * the pool's wait bound each operation, and the pool replaces the connections it dropped.
 */
class PostgresHungServerTest extends HungServerTests {
    private static PostgresServer pg;

    @BeforeAll
    static void start() {
        pg = PostgresServers.builder().start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theUrlsSocketTimeoutWinsOverOperationTimeout() {
        DepotConfig config = DepotConfig.builder().url(pg.url("hung") + "?socketTimeout=1").prefix(TestPrefixes.fresh("hungu"))
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
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(pg.url("hung") + "?socketTimeout=1.5")
                .prefix(TestPrefixes.fresh("hungu")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socketTimeout is seconds");
    }

    @Override
    protected String storeUrl() {
        return pg.url("hung");
    }

    @Override
    protected void pause() {
        pg.process().pause();
    }

    @Override
    protected void resume() {
        pg.process().resume();
    }
}
