package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.LeaseListener;
import dev.depot.LeaseLostException;
import dev.depot.testkit.ForeignLease;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.PostgresServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session lease at the settings users run with (30 s TTL, renewed every 10 s, 35 s
 * leaseWait): the siblings of the contract suite's short-TTL lease tests.
 */
@IntegrationTest
class LeaseAtDefaultsTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aDeadOwnerOnAnotherMachineIsTakenOverWithinTheDefaultLeaseWait() {
        String url = StoreKind.SQLITE.url(tmp, "lapse");
        String prefix = TestPrefixes.fresh("ld");
        try (ForeignLease other = ForeignLease.write(url, prefix, DepotConfig.DEFAULT_LEASE_TTL)) {
            long started = System.nanoTime();
            try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                System.out.println("Waited " + waited.toMillis() + " ms for a dead owner's 30 s lease on another machine");
                assertThat(waited).isGreaterThan(Duration.ofSeconds(25)).isLessThan(Duration.ofSeconds(35));
                assertThat(other.held()).isFalse();
                d.map("m", Codec.STRING, Codec.STRING).put("k", "v");
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aLeaseTakenOverStopsWritesWithinOneHeartbeat() throws Exception {
        String url = StoreKind.SQLITE.url(tmp, "taken");
        String prefix = TestPrefixes.fresh("ld");
        BlockingQueue<Boolean> heard = new LinkedBlockingQueue<>();
        LeaseListener listener = (p, reason, takenOver) -> heard.add(takenOver);
        try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).leaseListener(listener).build())) {
            DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
            m.put("k", "v");
            try (ForeignLease ignored = ForeignLease.write(url, prefix, Duration.ofMinutes(1))) {
                long started = System.nanoTime();
                assertThat(heard.poll(15, TimeUnit.SECONDS)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(11));
                assertThatThrownBy(() -> m.put("k", "w")).isInstanceOf(LeaseLostException.class);
                assertThat(m.get("k")).isEqualTo("v");
            }
        }
    }

    /**
     * The store is unreachable for longer than the lease: writes fail with a LeaseLostException
     * that says the lease expired (not taken), and work again once the heartbeat renews it.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aLeaseThatExpiresWhileTheStoreIsDownStopsWritesUntilRenewed() throws Exception {
        expireAndRenew(DepotConfig.DEFAULT_LEASE_TTL);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aShortLeaseThatExpiresWhileTheStoreIsDownStopsWritesUntilRenewed() throws Exception {
        expireAndRenew(Duration.ofSeconds(3));
    }

    private void expireAndRenew(Duration ttl) throws Exception {
        String prefix = TestPrefixes.fresh("ld");
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        LeaseListener listener = new LeaseListener() {
            @Override
            public void leaseLost(String p, String reason, boolean takenOver) {
                heard.add("lost " + takenOver);
            }

            @Override
            public void leaseRegained(String p) {
                heard.add("regained");
            }
        };
        try (PostgresServers.PostgresServer pg = PostgresServers.builder().start()) {
            DepotConfig.Builder config = DepotConfig.builder().url(pg.url("lease")).prefix(prefix).leaseListener(listener);
            if (!ttl.equals(DepotConfig.DEFAULT_LEASE_TTL)) {
                config.leaseTtl(ttl);
            }
            try (Depot d = Depot.open(config.build())) {
                DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
                m.put("k", "before");
                pg.stop();
                assertThat(heard.poll(ttl.toSeconds() + 15, TimeUnit.SECONDS)).isEqualTo("lost false");
                assertThatThrownBy(() -> m.put("k", "during")).isInstanceOf(LeaseLostException.class)
                        .satisfies(e -> assertThat(((LeaseLostException) e).takenOver()).isFalse());
                pg.start();
                assertThat(heard.poll(ttl.toSeconds() + 15, TimeUnit.SECONDS)).isEqualTo("regained");
                m.put("k", "after");
                assertThat(m.get("k")).isEqualTo("after");
            }
        }
    }
}
