package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PgBouncerServers.PgBouncer;
import dev.depot.testkit.servers.PostgresReplicaSet;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL primary is killed ({@code kill -9}, every process) under {@value #WRITERS} writer
 * threads and its streaming standby promoted ({@code pg_ctl promote}); the same {@link Depot}, with no restart,
 * must write to the new primary within the connect timeout. Every test runs at the settings users
 * run with (connect and operation timeouts of 5 s, the default pool), so these are the
 * default-timeout runs as well.
 *
 * <ul>
 *   <li>Synchronous replication: every acknowledged put and merge is there afterwards.</li>
 *   <li>Asynchronous replication: what is lost is measured and printed (how many acknowledged
 *       writes, and how long before the kill they were acknowledged); nothing acknowledged
 *       after the promotion may be lost.</li>
 *   <li>Through PgBouncer, whose {@code [databases]} entry the operator repoints at the new
 *       primary and {@code RELOAD}s.</li>
 * </ul>
 * The output shows the fault: the killed primary's port, the promoted node's port and its
 * {@code pg_is_in_recovery()}.
 */
@IntegrationTest
class PostgresFailoverTest {
    /** Writer threads: several, so that commits are in flight when the primary dies. */
    private static final int WRITERS = 4;
    private static final long CONNECT_TIMEOUT_MS = DepotConfig.builder().build().connectTimeout().toMillis();

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void synchronousStandbyPromotedUnderAWriterKeepsEveryAcknowledgedWrite() throws Exception {
        try (PostgresReplicaSet set = PostgresReplicaSet.builder().synchronous().start()) {
            Outcome o = failover(set, set.multiHostUrl("depot"), null);
            assertThat(o.lost).as("acknowledged puts missing after a synchronous failover").isEmpty();
            assertThat(o.wrongCounters).as("counters outside their acknowledged bounds").isEmpty();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void asynchronousStandbyPromotedUnderAWriterLosesOnlyWritesAcknowledgedJustBeforeTheKill() throws Exception {
        try (PostgresReplicaSet set = PostgresReplicaSet.builder().start()) {
            Outcome o = failover(set, set.multiHostUrl("depot"), null);
            long oldestLostMs = o.lost.stream().mapToLong(c -> (o.killedAt - c.ackedAtNanos()) / 1_000_000).max().orElse(0);
            long lastLostMs = o.lost.stream().mapToLong(c -> (c.ackedAtNanos() - o.killedAt) / 1_000_000).max().orElse(0);
            System.out.println("ASYNC LOSS: " + o.lost.size() + " acknowledged puts lost of " + o.acknowledged
                    + " acknowledged calls; the lost puts were acknowledged from " + oldestLostMs + " ms before the kill began to "
                    + lastLostMs + " ms after (the kill took " + (o.killDone - o.killedAt) / 1_000_000 + " ms);"
                    + " counters: " + (o.wrongCounters.isEmpty() ? "none lost" : o.wrongCounters));
            assertThat(o.lost).as("puts acknowledged once the old primary was dead are never lost")
                    .allMatch(c -> c.ackedAtNanos() < o.killDone);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void throughPgBouncerRepointedWithReloadTheSameDepotGoesOn() throws Exception {
        try (PostgresReplicaSet set = PostgresReplicaSet.builder().synchronous().start();
             PgBouncer bouncer = PgBouncerServers.start(set.primary(), 3)) {
            Outcome o = failover(set, bouncer.url("depot", set.multiHostUrl("depot")), bouncer);
            assertThat(o.lost).as("acknowledged puts missing after a synchronous failover behind PgBouncer").isEmpty();
            assertThat(o.wrongCounters).as("counters outside their acknowledged bounds").isEmpty();
        }
    }

    /**
     * The sibling at PgBouncer's own {@code server_login_retry} (15 s; the test above uses 1 s):
     * after the old primary refused a login, PgBouncer waits that long before it connects again,
     * RELOAD or not, so the first write after the repoint may take up to that plus Depot's
     * connect timeout. Nothing acknowledged is lost meanwhile, and the same Depot goes on.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void throughPgBouncerAtItsDefaultLoginRetryTheSameDepotGoesOn() throws Exception {
        int retry = PgBouncerServers.Builder.PGBOUNCER_DEFAULT_SERVER_LOGIN_RETRY_SECONDS;
        try (PostgresReplicaSet set = PostgresReplicaSet.builder().synchronous().start();
             PgBouncer bouncer = PgBouncerServers.builder(set.primary()).poolSize(3).serverLoginRetry(retry).start()) {
            Outcome o = failover(set, bouncer.url("depot", set.multiHostUrl("depot")), bouncer,
                    TimeUnit.SECONDS.toMillis(retry) + CONNECT_TIMEOUT_MS);
            assertThat(o.lost).as("acknowledged puts missing after a synchronous failover behind PgBouncer").isEmpty();
            assertThat(o.wrongCounters).as("counters outside their acknowledged bounds").isEmpty();
        }
    }

    private record Outcome(long killedAt, long killDone, long acknowledged, List<FailoverWriter.Call> lost, List<String> wrongCounters) {}

    /**
     * Runs a writer, kills the primary, promotes the standby (and repoints {@code bouncer}, when
     * given), checks the first write after that came within the connect timeout, and returns
     * what the new primary holds against the journal.
     */
    private Outcome failover(PostgresReplicaSet set, String url, PgBouncer bouncer) throws Exception {
        return failover(set, url, bouncer, CONNECT_TIMEOUT_MS);
    }

    /** As above, the first write after the recovery coming within {@code recoveryBoundMs}. */
    private Outcome failover(PostgresReplicaSet set, String url, PgBouncer bouncer, long recoveryBoundMs) throws Exception {
        String prefix = TestPrefixes.fresh("fo");
        DepotConfig config = DepotConfig.builder().url(url).prefix(prefix).sessionDir(tmp).build();
        try (Depot depot = Depot.open(config)) {
            DbMap<String, String> values = depot.map("vals", Codec.STRING, Codec.STRING);
            DbMap<String, Long> counters = depot.map("counters", Codec.STRING, Codec.LONG);
            long killedAt;
            long killDone;
            long recoveredAt;
            FailoverWriter writer = new FailoverWriter(values, counters, WRITERS);
            try {
                awaitAcks(writer, 300);
                killedAt = System.nanoTime();
                set.killPrimary();
                killDone = System.nanoTime();
                Thread.sleep(300); // an operator or a failover manager takes a moment to decide
                set.promoteStandby();
                recoveredAt = System.nanoTime();
                if (bouncer != null) {
                    bouncer.repoint(set.standby());
                    recoveredAt = System.nanoTime();
                }
                boolean inRecovery = PostgresReplicaSet.inRecovery(set.standby());
                long first = writer.firstAckAfter(recoveredAt, 30_000);
                long tookMs = first < 0 ? -1 : (first - recoveredAt) / 1_000_000;
                System.out.println("FAILOVER: killed the primary on port " + set.primary().port() + " (alive: "
                        + set.primary().process().isAlive() + "); promoted the standby on port " + set.standby().port()
                        + ", pg_is_in_recovery() = " + inRecovery + (bouncer != null ? "; PgBouncer " + bouncer.port()
                        + " repointed with RELOAD" : "") + "; first acknowledged write " + tookMs + " ms after "
                        + (bouncer != null ? "the RELOAD" : "the promotion") + ", " + (recoveredAt - killedAt) / 1_000_000
                        + " ms after the kill");
                assertThat(inRecovery).as("the promoted standby is a primary").isFalse();
                assertThat(tookMs).as("ms from the promotion to the first acknowledged write").isBetween(0L, recoveryBoundMs);
                awaitAcks(writer, writer.acknowledged() + 200); // and it keeps going
            } finally {
                writer.close();
            }
            assertThat(writer.otherErrors()).as("a failover must surface as StoreUnavailableException only").isEmpty();
            Map<String, String> storedValues = new HashMap<>(values);
            Map<String, Long> storedCounters = new HashMap<>(counters);
            String onNewPrimary = set.standby().psql("depot", "SELECT count(*) FROM " + prefix + "_vals").trim();
            System.out.println("JOURNAL: " + writer.acknowledged() + " acknowledged, " + writer.unknown()
                    + " unknown; the new primary holds " + onNewPrimary + " puts");
            assertThat(Long.parseLong(onNewPrimary)).isEqualTo(storedValues.size());
            return new Outcome(killedAt, killDone, writer.acknowledged(), writer.lostPuts(storedValues),
                    writer.wrongCounters(storedCounters));
        }
    }

    private static void awaitAcks(FailoverWriter writer, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (writer.acknowledged() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer has " + writer.acknowledged() + " acknowledged calls, not " + count
                        + ", after 60 s; errors: " + writer.otherErrors());
            }
            Thread.sleep(10);
        }
    }
}
