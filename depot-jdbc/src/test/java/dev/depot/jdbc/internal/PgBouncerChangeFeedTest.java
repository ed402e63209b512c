package dev.depot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.DepotConfig;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreUrl;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PostgresServers;

/**
 * The PostgreSQL feed with the store behind PgBouncer in transaction mode (writes and their
 * {@code pg_notify} through the pooler) and {@code directUrl} to the server, where the feed's
 * {@code LISTEN} session goes (checked by name in {@code pg_stat_activity} when it is terminated).
 */
@PgBouncerTest
class PgBouncerChangeFeedTest extends PostgresChangeFeedTest {
    @Override
    protected String baseUrl() {
        return PgBouncerServers.shared().url(DATABASE, PostgresServers.shared().url(DATABASE));
    }

    /**
     * Without {@code directUrl} the feed's LISTEN goes through the pooler in transaction mode,
     * where notifications of other sessions are lost in silence: the feed must not claim to be
     * connected (caches would then trust it), but report itself down, naming directUrl.
     */
    @org.junit.jupiter.api.Test
    void listeningThroughTheTransactionPoolerIsReportedAsDownNamingDirectUrl() {
        String url = PgBouncerServers.shared().url(DATABASE);
        try (Store store = new PostgresStoreProvider().open(new StoreContext(StoreUrl.parse(url),
                DepotConfig.builder().url(url).prefix(TestPrefixes.fresh("cp")).build()))) {
            Recorder sink = new Recorder();
            store.changeFeed("A").orElseThrow().start(sink);
            assertThat(sink.connected.get()).as("connected").isZero();
            assertThat(sink.disconnected).hasSize(1);
            assertThat(sink.disconnected.get(0)).contains("directUrl");
        }
    }
}
