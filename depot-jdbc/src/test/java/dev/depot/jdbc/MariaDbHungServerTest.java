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
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A MariaDB that stops answering: the driver's socket timeout and the pool's wait bound each operation. */
class MariaDbHungServerTest extends HungServerTests {
    private static MariaDbServer db;

    @BeforeAll
    static void start() {
        db = MariaDbServers.builder().start();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theUrlsSocketTimeoutWinsOverOperationTimeout() {
        DepotConfig config = DepotConfig.builder().url(db.url("hung") + "?socketTimeout=1000").prefix(TestPrefixes.fresh("hungu"))
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
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(db.url("hung") + "?socketTimeout=-1")
                .prefix(TestPrefixes.fresh("hungu")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socketTimeout is milliseconds");
    }

    @Override
    protected String storeUrl() {
        return db.url("hung");
    }

    @Override
    protected String secret() {
        return MariaDbServers.PASSWORD;
    }

    @Override
    protected void pause() {
        db.process().pause();
    }

    @Override
    protected void resume() {
        db.process().resume();
    }
}
