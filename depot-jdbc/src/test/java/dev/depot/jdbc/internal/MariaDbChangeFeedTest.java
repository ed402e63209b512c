package dev.depot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StorageType;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.StoreContext;
import dev.depot.spi.ChangeKind;
import dev.depot.spi.Store;
import dev.depot.spi.StoreUrl;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.MariaDbTest;
import dev.depot.testkit.servers.MariaDbServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** MariaDB's change log: the shared cases, a killed polling session, and a number committed after a higher one. */
@MariaDbTest
class MariaDbChangeFeedTest extends ChangeLogTests {
    private static final String DATABASE = "change_feed";

    MariaDbChangeFeedTest() {
        super(new MySqlStoreProvider());
    }

    @Override
    protected String baseUrl() {
        return MariaDbServers.shared().url(DATABASE);
    }

    @Test
    void aKilledPollingSessionIsReportedAndReplaced() throws Exception {
        Pair p = pair("ck", "");
        ChangeLogPoller poller = (ChangeLogPoller) ((SqlStore) p.b()).feed();
        long session = poller.session();
        MariaDbServers.shared().sql("KILL " + session);
        await("disconnected then connected", () -> p.sinkB().connected.get() == 2);
        assertThat(p.sinkB().states).containsExactly("connected", "disconnected", "connected");
        assertThat(p.sinkB().disconnected.get(0)).contains("lost its connection").doesNotContain(MariaDbServers.PASSWORD);
        assertThat(poller.session()).isNotEqualTo(session);
        map(p.a(), "m").set(b("after"), b("1"));
        assertThat(p.sinkB().next(1)).containsExactly(Change.of("m", "after", ChangeKind.PUT));
    }

    /**
     * A write the server refuses (JSON that is not valid) inside the one-round-trip
     * multi-statement: a typed error, nothing stored or announced, and the store's only pooled
     * connection is not left in the open transaction (the next write commits and is announced).
     */
    @Test
    void aRefusedWriteAnnouncesNothingAndLeavesNoTransactionOpen() throws Exception {
        String prefix = TestPrefixes.fresh("cr");
        String url = url("");
        Store a = provider().open(new StoreContext(StoreUrl.parse(url),
                DepotConfig.builder().url(url).prefix(prefix).maxConnections(1).build()));
        try {
            Store b = open(prefix, "");
            listening(a, "A");
            Recorder sinkB = listening(b, "B");
            RawMap json = a.open(new RawMapSpec("j", StorageType.TEXT, StorageType.JSON));
            assertThatThrownBy(() -> json.set(b("bad"), b("{not json"))).isInstanceOf(DepotException.class);
            assertThat(json.get(b("bad"))).isNull();
            json.set(b("good"), b("{\"a\":1}"));
            assertThat(sinkB.next(1)).containsExactly(Change.of("j", "good", ChangeKind.PUT));
            assertThat(map(b, "j").get(b("good"))).as("committed, visible to another store").isNotNull();
            sinkB.quietFor(300);
        } finally {
            a.close();
        }
    }

    /**
     * A transaction that took number n but commits after one that took n+1 (two writers of
     * different keys): the poller reads n+1 first, keeps n as a hole and delivers it once committed.
     */
    @Test
    void aNumberCommittedAfterAHigherOneIsStillDelivered() throws Exception {
        Pair p = pair("ch", "");
        SqlStore s = (SqlStore) p.b();
        String url = url("");
        var target = MySqlStoreProvider.target(StoreUrl.parse(url), DATABASE, DepotConfig.builder().url(url).prefix(p.prefix()).build());
        try (Connection slow = ServerPool.unpooled(target).getConnection()) {
            slow.setAutoCommit(false);
            try (PreparedStatement ps = slow.prepareStatement(ChangeLogPublisher.insert(s.dialect(), s.table(SqlStore.CHANGES), 1))) {
                ChangeLogPublisher.bindRow(ps, 1, "m", b("late"), "P", "slow writer");
                ps.executeUpdate();
            }
            map(p.a(), "m").set(b("early"), b("1"));
            assertThat(p.sinkB().next(1)).containsExactly(Change.of("m", "early", ChangeKind.PUT));
            Thread.sleep(300); // several polls pass over the hole
            slow.commit();
        }
        assertThat(p.sinkB().next(1)).containsExactly(Change.of("m", "late", ChangeKind.PUT));
        p.sinkB().quietFor(300);
    }
}
