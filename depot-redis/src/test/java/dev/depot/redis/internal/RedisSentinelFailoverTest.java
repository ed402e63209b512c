package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.RedisInfo;
import dev.depot.testkit.servers.RedisSentinelSet;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentinel failovers under a writer, on one master, one replica and three Sentinels
 * ({@link RedisSentinelSet}; two replicas where a SIGKILL must leave one to confirm writes), with
 * Depot's default timeouts: the same Depot goes on writing on the new master, and with
 * {@code waitReplicas=1} nothing it acknowledged is lost, whether the failover is ordered
 * ({@code SENTINEL FAILOVER}) or the master is killed with SIGKILL. Without {@code waitReplicas},
 * the loss is measured: a SIGKILL loses only writes acknowledged in the last moments before it,
 * an ordered failover only writes the old master took after the replica was promoted. Each test
 * prints the ports, the roles, the times and the numbers.
 */
@IntegrationTest
class RedisSentinelFailoverTest {
    /** How much a SIGKILL may lose without WAIT: writes acknowledged in the last second before it (replication lags by milliseconds on loopback). */
    private static final long LOSS_WINDOW_BOUND_MS = 1000;

    @TempDir
    Path session;

    @Test
    void orderedFailoverKeepsEveryAcknowledgedWriteWithWaitReplicas() throws Exception {
        Outcome o = run(1, "waitReplicas=1", RedisSentinelSet::failover, "SENTINEL FAILOVER");
        assertThat(o.oldMasterRole()).as("the old master after SENTINEL FAILOVER").isEqualTo("role:slave");
        o.check().assertLostNothing();
    }

    @Test
    void orderedFailoverWithoutWaitLosesOnlyWritesTheOldMasterTookAfterTheSwitch() throws Exception {
        Outcome o = run(1, null, RedisSentinelSet::failover, "SENTINEL FAILOVER, no waitReplicas");
        o.check().assertLostOnlyAckedFrom(0); // nothing acknowledged before the failover was ordered
    }

    /** Two replicas: with {@code waitReplicas=1}, the one left after the promotion confirms the writes on the new master. */
    @Test
    void masterSigkillKeepsEveryAcknowledgedWriteWithWaitReplicas() throws Exception {
        Outcome o = run(2, "waitReplicas=1", RedisSentinelSet::killMaster, "SIGKILL of the master");
        o.check().assertLostNothing();
    }

    @Test
    void masterSigkillWithoutWaitLosesOnlyTheLastMomentsBeforeTheKill() throws Exception {
        Outcome o = run(1, null, RedisSentinelSet::killMaster, "SIGKILL of the master, no waitReplicas");
        o.check().assertLostOnlyAckedFrom(-LOSS_WINDOW_BOUND_MS);
    }

    /**
     * The sibling at the defaults an operator runs with: Sentinel's own 30 s before it declares the
     * master down (the tests above use 2 s), Depot's own timeouts and lease. Writes fail for those
     * 30 s, first with the retryable exception and, once the outage passes the lease's TTL (30 s
     * too), with {@link dev.depot.LeaseLostException}; then the heartbeat renews the lease on the
     * promoted replica and the same Depot goes on, nothing acknowledged lost.
     */
    @Test
    void masterSigkillAtSentinelsDefaultDetectionTimeIsWaitedOut() throws Exception {
        Outcome o = run(1, null, RedisSentinelSet.REDIS_DEFAULT_DOWN_AFTER_MS, true, RedisSentinelSet::killMaster,
                "SIGKILL of the master, Sentinel's default down-after-milliseconds");
        assertThat(o.failoverMillis()).as("Sentinel waits its down-after time before it promotes")
                .isGreaterThanOrEqualTo(RedisSentinelSet.REDIS_DEFAULT_DOWN_AFTER_MS);
        o.check().assertLostOnlyAckedFrom(-LOSS_WINDOW_BOUND_MS);
    }

    /** What one failover run saw. */
    private record Outcome(String oldMasterRole, FailoverWriter.Check check, long failoverMillis) {}

    private Outcome run(int replicas, String param, Function<RedisSentinelSet, RedisServer> fault, String faultName)
            throws Exception {
        return run(replicas, param, RedisSentinelSet.DOWN_AFTER_MS, false, fault, faultName);
    }

    /** {@code leaseMayLapse}: the outage may outlast the lease's TTL, so writes may also fail with LeaseLostException. */
    private Outcome run(int replicas, String param, int downAfterMs, boolean leaseMayLapse,
                        Function<RedisSentinelSet, RedisServer> fault, String faultName) throws Exception {
        try (RedisSentinelSet set = RedisSentinelSet.start("depotha", replicas, downAfterMs)) {
            String url = set.url() + (param == null ? "" : "&" + param);
            String prefix = TestPrefixes.fresh("sentha");
            RedisServer oldMaster = set.master();
            RedisServer newMaster;
            long faultAt;
            long failedOver;
            FailoverWriter writer;
            // Depot's defaults: connectTimeout and operationTimeout 5 s, the lease on, the cache on
            try (Depot depot = Depot.open(DepotConfig.builder().url(url).prefix(prefix).sessionDir(session).build())) {
                DbMap<String, String> owned = depot.map("owned", Codec.STRING, Codec.STRING);
                DbMap<String, Long> counters = depot.map("counters", Codec.STRING, Codec.LONG);
                writer = new FailoverWriter(owned, counters);
                try (writer) {
                    writer.awaitProgress(500, Duration.ofSeconds(30));
                    faultAt = System.nanoTime();
                    newMaster = fault.apply(set);
                    failedOver = System.nanoTime();
                    writer.awaitProgress(500, Duration.ofSeconds(60));
                }
                assertThat(writer.findings().stream()
                        .filter(f -> !(leaseMayLapse && f.contains(dev.depot.LeaseLostException.class.getName()))))
                        .as("exceptions other than StoreUnavailableException").isEmpty();
            }
            assertThat(newMaster.port()).isNotEqualTo(oldMaster.port());
            assertThat(RedisInfo.role(newMaster)).isEqualTo("role:master");
            Map<String, String> storedOwned;
            Map<String, Long> storedCounters;
            // the same URL: another one would be taken for another store and migrated from this one
            try (Depot check = Depot.open(DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true)
                    .cacheTtl(Duration.ZERO).sessionDir(session).build())) {
                storedOwned = new HashMap<>(check.map("owned", Codec.STRING, Codec.STRING));
                storedCounters = new HashMap<>(check.map("counters", Codec.STRING, Codec.LONG));
            }
            assertThat(newMaster.cli("HLEN", RedisKeys.mapKeyText(prefix, "owned")).trim())
                    .as("the owned map on the new master").isEqualTo(Integer.toString(storedOwned.size()));
            FailoverWriter.Check check = writer.check(storedOwned, storedCounters, faultAt);
            String oldRole = oldMaster.process().isAlive() ? roleOnceReplica(oldMaster) : "killed";
            long firstAck = writer.firstAckStartedAfter(failedOver);
            System.out.printf("%s%s, %d replica(s): old master %s:%d (%s), new master %s:%d (%s); failover took %d ms, first write "
                            + "started after it acknowledged %d ms after the fault; %s%n",
                    faultName, param == null ? "" : " with " + param, replicas, oldMaster.host(), oldMaster.port(),
                    oldRole, newMaster.host(), newMaster.port(),
                    RedisInfo.role(newMaster), (failedOver - faultAt) / 1_000_000, (firstAck - faultAt) / 1_000_000, check.summary());
            writer.troubleBetween(faultAt, failedOver, 6).forEach(f -> System.out.println("  failed " + f));
            return new Outcome(oldRole, check, (failedOver - faultAt) / 1_000_000);
        }
    }

    /** The role of the old master, once the Sentinels turned it into a replica (after promoting the new master) or after 30 s. */
    private static String roleOnceReplica(RedisServer oldMaster) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!RedisInfo.role(oldMaster).equals("role:slave") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return RedisInfo.role(oldMaster);
    }
}
