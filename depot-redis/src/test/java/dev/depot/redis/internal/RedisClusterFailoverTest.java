package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.RedisClusterSet;
import dev.depot.testkit.servers.RedisInfo;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import io.lettuce.core.cluster.SlotHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis Cluster of 3 masters and 3 replicas ({@link RedisClusterSet}) changed under a writer
 * with Depot's default timeouts: the slot of a map resharded with {@code redis-cli --cluster
 * reshard} (MOVED), a slot held half-moved (ASK), a master killed with SIGKILL and its replica
 * promoted, and a manual {@code CLUSTER FAILOVER}. The same Depot goes on writing, and the check compares the whole maps with what the
 * writer was told. Each test prints the ports, the slot, the roles and the numbers.
 */
@IntegrationTest
class RedisClusterFailoverTest {
    /** Replication is asynchronous: a killed master may take with it writes acknowledged in its last second. */
    private static final long LOSS_WINDOW_BOUND_MS = 1000;

    @TempDir
    Path session;

    @Test
    void mapsSpreadOverEveryMasterAndReshardingAMapsSlotDuringWritesLosesNothing() throws Exception {
        try (RedisClusterSet cluster = RedisClusterSet.start(3)) {
            String prefix = TestPrefixes.fresh("reshard");
            assertMapsSpreadOverEveryMaster(cluster, prefix);
            RedisServer from = cluster.masters().get(0);
            RedisServer to = cluster.masters().get(1);
            Set<Integer> moving = new HashSet<>(cluster.lowestSlots(from, 100));
            Names names = namesIn(prefix, moving);
            FailoverWriter.Check check = underWriter(cluster, prefix, names, writer -> {
                cluster.reshard(from, to, 100);
                writer.awaitProgress(500, Duration.ofSeconds(60));
            }, "redis-cli --cluster reshard of 100 slots from " + from.port() + " to " + to.port());
            assertThat(cluster.ownerOf(names.ownedSlot())).as("owner of the owned map's slot after the reshard").isSameAs(to);
            check.assertLostNothing();
        }
    }

    @Test
    void writesDuringAHalfMovedSlotFollowAskAndNothingIsLost() throws Exception {
        try (RedisClusterSet cluster = RedisClusterSet.start(3)) {
            String prefix = TestPrefixes.fresh("ask");
            RedisServer from = cluster.masters().get(0);
            RedisServer to = cluster.masters().get(2);
            Names names = namesIn(prefix, new HashSet<>(cluster.lowestSlots(from, 1)));
            FailoverWriter.Check check = underWriter(cluster, prefix, names, writer ->
                    cluster.migrateSlotHoldingAsk(names.ownedSlot(), from, to, () -> {
                        String slot = Integer.toString(names.ownedSlot());
                        assertThat(from.cli("CLUSTER", "COUNTKEYSINSLOT", slot).trim() + " "
                                + to.cli("CLUSTER", "COUNTKEYSINSLOT", slot).trim())
                                .as("the maps have moved to the importing node").matches("0 [12]");
                        // the old owner answers ASK for the map: only a client that follows it gets these through
                        writer.awaitProgress(300, Duration.ofSeconds(60));
                    }), "slot " + names.ownedSlot() + " held half-moved from " + from.port() + " to " + to.port());
            assertThat(cluster.ownerOf(names.ownedSlot())).isSameAs(to);
            check.assertLostNothing();
        }
    }

    @Test
    void aKilledMasterIsReplacedByItsReplicaAndWritesContinue() throws Exception {
        try (RedisClusterSet cluster = RedisClusterSet.start(3)) {
            Promotion p = promoteUnderWriter(cluster, "cfail", cluster::killMaster, "SIGKILL of master");
            assertThat(p.oldMaster().process().isAlive()).isFalse();
            p.check().assertLostOnlyAckedFrom(-LOSS_WINDOW_BOUND_MS);
        }
    }

    @Test
    void anOrderedClusterFailoverLosesNothing() throws Exception {
        try (RedisClusterSet cluster = RedisClusterSet.start(3)) {
            Promotion p = promoteUnderWriter(cluster, "cmanual", cluster::failover, "CLUSTER FAILOVER of master");
            assertThat(RedisInfo.role(p.oldMaster())).isEqualTo("role:slave");
            p.check().assertLostNothing();
        }
    }

    /** The master that owned the map, the replica promoted in its place, and the check. */
    private record Promotion(RedisServer oldMaster, RedisServer promoted, FailoverWriter.Check check) {}

    /**
     * Applies {@code promote} (which returns the promoted replica) to the master of two maps of a
     * new prefix while the writer runs; checks that the promoted replica reports
     * {@code role:master} and serves the maps' slot, and prints the ports and roles.
     */
    private Promotion promoteUnderWriter(RedisClusterSet cluster, String stem, Function<RedisServer, RedisServer> promote,
                                         String faultName) throws Exception {
        String prefix = TestPrefixes.fresh(stem);
        Names names = namesIn(prefix, new HashSet<>(cluster.lowestSlots(cluster.masters().get(1), 1000)));
        RedisServer owner = cluster.ownerOf(names.ownedSlot());
        RedisServer[] promoted = new RedisServer[1];
        FailoverWriter.Check check = underWriter(cluster, prefix, names, writer -> {
            promoted[0] = promote.apply(owner);
            writer.awaitProgress(500, Duration.ofSeconds(60));
        }, faultName + " " + owner.port());
        assertThat(RedisInfo.role(promoted[0])).isEqualTo("role:master");
        assertThat(cluster.ownerOf(names.ownedSlot())).isSameAs(promoted[0]);
        System.out.println("  old master " + owner.host() + ":" + owner.port() + " "
                + (owner.process().isAlive() ? RedisInfo.role(owner) : "killed") + "; promoted replica " + promoted[0].host()
                + ":" + promoted[0].port() + " " + RedisInfo.role(promoted[0]) + ", serving slot " + names.ownedSlot());
        return new Promotion(owner, promoted[0], check);
    }

    /** Two map names of {@code prefix} whose hash slots are in {@code slots}, and the owned map's slot. */
    private record Names(String owned, String counters, int ownedSlot) {}

    private static Names namesIn(String prefix, Set<Integer> slots) {
        String owned = null;
        for (int i = 0; i < 10_000_000; i++) {
            String name = "m" + i;
            if (slots.contains(SlotHash.getSlot(RedisKeys.mapKey(prefix, name)))) {
                if (owned == null) {
                    owned = name;
                } else {
                    return new Names(owned, name, SlotHash.getSlot(RedisKeys.mapKey(prefix, owned)));
                }
            }
        }
        throw new AssertionError("no map names in slots " + slots);
    }

    /**
     * Runs the writer through one Depot (defaults) on the two maps, applies {@code fault} once it
     * got going, and returns the check of the whole maps, read afterwards through another Depot.
     */
    private FailoverWriter.Check underWriter(RedisClusterSet cluster, String prefix, Names names, Consumer<FailoverWriter> fault,
                                            String faultName) throws Exception {
        FailoverWriter writer;
        long faultAt;
        long done;
        try (Depot depot = Depot.open(DepotConfig.builder().url(cluster.url()).prefix(prefix).sessionDir(session).build())) {
            DbMap<String, String> owned = depot.map(names.owned(), Codec.STRING, Codec.STRING);
            DbMap<String, Long> counters = depot.map(names.counters(), Codec.STRING, Codec.LONG);
            writer = new FailoverWriter(owned, counters);
            try (writer) {
                writer.awaitProgress(500, Duration.ofSeconds(30));
                faultAt = System.nanoTime();
                fault.accept(writer);
                done = System.nanoTime();
            }
            assertThat(writer.findings()).as("exceptions other than StoreUnavailableException").isEmpty();
        }
        Map<String, String> storedOwned;
        Map<String, Long> storedCounters;
        try (Depot check = Depot.open(DepotConfig.builder().url(cluster.url()).prefix(prefix).sharedAccess(true)
                .cacheTtl(Duration.ZERO).sessionDir(session).build())) {
            storedOwned = new HashMap<>(check.map(names.owned(), Codec.STRING, Codec.STRING));
            storedCounters = new HashMap<>(check.map(names.counters(), Codec.STRING, Codec.LONG));
        }
        RedisServer owner = cluster.ownerOf(names.ownedSlot());
        assertThat(owner.cli("HLEN", RedisKeys.mapKeyText(prefix, names.owned())).trim())
                .as("the owned map on its master " + owner).isEqualTo(Integer.toString(storedOwned.size()));
        FailoverWriter.Check check = writer.check(storedOwned, storedCounters, faultAt);
        System.out.printf("%s (slot %d, map on %s:%d afterwards): the change took %d ms; %s%n", faultName, names.ownedSlot(),
                owner.host(), owner.port(), (done - faultAt) / 1_000_000, check.summary());
        writer.troubleBetween(faultAt, done, 6).forEach(f -> System.out.println("  failed " + f));
        return check;
    }

    /** 30 maps of one prefix, one entry each: every master holds some. */
    private static void assertMapsSpreadOverEveryMaster(RedisClusterSet cluster, String prefix) {
        Set<Integer> owners = new HashSet<>();
        try (Depot d = Depot.open(DepotConfig.builder().url(cluster.url()).prefix(prefix + "_spread").sharedAccess(true).build())) {
            for (int i = 0; i < 30; i++) {
                DbMap<Long, String> m = d.map("s" + i, Codec.LONG, Codec.STRING);
                m.put(1L, "v");
                String key = RedisKeys.mapKeyText(prefix + "_spread", "s" + i);
                RedisServer owner = cluster.ownerOf(cluster.slotOf(key));
                assertThat(owner.cli("HLEN", key).trim()).isEqualTo("1");
                owners.add(owner.port());
            }
        }
        List<Integer> masters = cluster.masters().stream().map(RedisServer::port).toList();
        System.out.println("30 maps spread over masters " + owners + " of " + masters);
        assertThat(owners).as("masters holding the 30 maps").containsExactlyInAnyOrderElementsOf(masters);
    }
}
