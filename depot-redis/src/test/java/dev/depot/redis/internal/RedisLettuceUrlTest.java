package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import dev.depot.testkit.servers.TlsCertificates;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

/**
 * URLs written for Lettuce's {@code RedisURI} open a Depot against real servers (plain, TLS with
 * mutual authentication, Sentinel), and a Depot opened over the application's own
 * {@link RedisClient} leaves that client working after it closes.
 */
@RedisTest
class RedisLettuceUrlTest {

    private static DbMap<String, String> writeAndRead(Depot d) {
        DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
        m.put("k", "v");
        assertThat(m.get("k")).isEqualTo("v");
        return m;
    }

    @Test
    void aPlainLettuceUrlWithDatabaseTimeoutAndClientName() {
        RedisServer redis = RedisServers.shared();
        String prefix = TestPrefixes.fresh("lettuce");
        String url = redis.url() + "?database=3&timeout=10s&clientName=billing";
        try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
            writeAndRead(d);
            assertThat(redis.cli("CLIENT", "LIST")).contains("name=billing");
        }
        assertThat(redis.cli("-n", "3", "HGET", "{" + prefix + ":m}", "k").trim()).isEqualTo("v");
    }

    @Test
    void mutualTlsWithLettucesVerifyPeerModes() {
        try (RedisServer tls = RedisServers.builder().tls().config("tls-auth-clients yes").start()) {
            TlsCertificates.ClientFiles client = TlsCertificates.client(tls.tls().orElseThrow(),
                    tls.directory().resolve("client"), "depot");
            String withCert = tls.url() + "&cert=" + client.cert() + "&key=" + client.key() + "&timeout=10s";
            for (String mode : new String[] {"FULL", "CA", "none"}) {
                try (Depot d = Depot.open(DepotConfig.builder().url(withCert + "&verifyPeer=" + mode)
                        .prefix(TestPrefixes.fresh("mtls")).build())) {
                    writeAndRead(d);
                }
            }
            // without the CA file the server's certificate is unknown: NONE connects, CA and FULL refuse
            String noCa = "rediss://127.0.0.1:" + tls.port() + "?cert=" + client.cert() + "&key=" + client.key()
                    + "&timeout=3s";
            try (Depot d = Depot.open(DepotConfig.builder().url(noCa + "&verifyPeer=NONE").prefix(TestPrefixes.fresh("mtls"))
                    .build())) {
                writeAndRead(d);
            }
            for (String mode : new String[] {"CA", "FULL"}) {
                assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(noCa + "&verifyPeer=" + mode)
                        .prefix(TestPrefixes.fresh("mtls")).build())).as(mode).isInstanceOf(DepotException.class);
            }
        }
    }

    @Test
    void sentinelMasterIdFindsTheMaster() {
        try (RedisServer master = RedisServers.builder().requirePass("s3cret").start();
             RedisServer sentinel = RedisServers.startSentinel(master, "depotmaster", "s3cret")) {
            String prefix = TestPrefixes.fresh("lsent");
            String url = "redis-sentinel://:s3cret@127.0.0.1:" + sentinel.port() + "?sentinelMasterId=depotmaster&db=1&timeout=10s";
            try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(prefix).build())) {
                writeAndRead(d);
            }
            assertThat(master.cli("-n", "1", "HGET", "{" + prefix + ":m}", "k").trim()).isEqualTo("v");
            String both = "redis-sentinel://:s3cret@127.0.0.1:" + sentinel.port() + "?master=depotmaster&sentinelMasterId=other";
            assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(both).prefix(prefix).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sentinelMasterId says 'other'")
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void theApplicationsRedisClientStillWorksAfterDepotCloses() {
        RedisServer redis = RedisServers.shared();
        RedisClient app = RedisClient.create();
        try {
            String prefix = TestPrefixes.fresh("appclient");
            try (Depot d = Depot.open(DepotConfig.builder().url(redis.url()).prefix(prefix).build(), app)) {
                writeAndRead(d);
            }
            assertThat(app.getResources().eventExecutorGroup().isShuttingDown()).isFalse();
            try (StatefulRedisConnection<String, String> c = app.connect(RedisURI.create(redis.url()))) {
                assertThat(c.sync().hget("{" + prefix + ":m}", "k")).isEqualTo("v");
            }
            // and a second Depot on the same client, after the first closed
            try (Depot d = Depot.open(DepotConfig.builder().url(redis.url()).prefix(prefix).build(), app)) {
                assertThat(d.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
            }
        } finally {
            app.shutdown();
        }
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(redis.url()).build(), new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void theApplicationsRedisClusterClientStillWorksAfterDepotCloses() {
        RedisServers.RedisCluster cluster = RedisServers.sharedCluster();
        io.lettuce.core.cluster.RedisClusterClient app = io.lettuce.core.cluster.RedisClusterClient.create(
                RedisURI.create(cluster.nodes().get(0).url()));
        try {
            String prefix = TestPrefixes.fresh("appcluster");
            try (Depot d = Depot.open(DepotConfig.builder().url(cluster.url()).prefix(prefix).build(), app)) {
                writeAndRead(d);
            }
            try (var c = app.connect()) {
                assertThat(c.sync().hget("{" + prefix + ":m}", "k")).isEqualTo("v");
            }
        } finally {
            app.shutdown();
        }
    }
}
