package dev.depot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.spi.ChangeKind;
import dev.depot.spi.Store;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL's NOTIFY/LISTEN feed: the shared cases, a terminated LISTEN session, and a big batch. */
@PostgresTest
class PostgresChangeFeedTest extends ChangeFeedTests {
    static final String DATABASE = "change_feed";

    PostgresChangeFeedTest() {
        super(new PostgresStoreProvider());
    }

    @Override
    protected String baseUrl() {
        return PostgresServers.shared().url(DATABASE);
    }

    @Test
    void aTerminatedListenSessionIsReportedAndReplaced() throws Exception {
        Pair p = pair("ck", "");
        NotifyFeed feed = (NotifyFeed) ((SqlStore) p.b()).feed();
        long session = feed.session();
        assertThat(PostgresServers.shared().psql("postgres", "SELECT application_name FROM pg_stat_activity WHERE pid = "
                + session).trim()).as("the LISTEN session goes straight to the server").isEqualTo("depot-changes");
        PostgresServers.shared().psql("postgres", "SELECT pg_terminate_backend(" + session + ")");
        await("disconnected then connected", () -> p.sinkB().connected.get() == 2);
        assertThat(p.sinkB().states).containsExactly("connected", "disconnected", "connected");
        assertThat(feed.session()).isNotEqualTo(session);
        map(p.a(), "m").set(b("after"), b("1"));
        assertThat(p.sinkB().next(1)).containsExactly(Change.of("m", "after", ChangeKind.PUT));
    }

    @Test
    void aBatchOfThousandsOfKeysIsAnnouncedWithTheCommit() throws Exception {
        Pair p = pair("cb", "");
        List<RawEntry> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            batch.add(new RawEntry(b(String.format("k%05d", i)), b("v")));
        }
        RawMap m = map(p.a(), "m");
        m.putAll(batch);
        List<Change> got = p.sinkB().next(3000);
        assertThat(got.get(0)).isEqualTo(Change.of("m", "k00000", ChangeKind.PUT));
        assertThat(got.get(2999)).isEqualTo(Change.of("m", "k02999", ChangeKind.PUT));
    }
}
