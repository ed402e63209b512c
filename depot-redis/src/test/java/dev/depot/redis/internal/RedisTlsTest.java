package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS: the server's own CA is trusted, an unknown CA is refused with a clear error. */
@RedisTest
class RedisTlsTest {
    private static void roundTrip(String url) {
        try (Depot d = Depot.open(DepotConfig.builder().url(url).prefix(TestPrefixes.fresh("tls")).build())) {
            DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
            m.put("k", "v");
            assertThat(m.get("k")).isEqualTo("v");
        }
    }

    @Test
    void theGeneratedCaIsTrustedWithFullVerification() {
        RedisServer redis = RedisServers.sharedTls();
        roundTrip("rediss://localhost:" + redis.port() + "?cacert=" + redis.tls().orElseThrow().caCert());
        roundTrip(redis.url()); // 127.0.0.1, an IP in the certificate
    }

    @Test
    void anUnknownCaIsRefusedWithAClearError(@TempDir Path dir) {
        RedisServer redis = RedisServers.sharedTls();
        Path otherCa = RedisServers.certificates(dir, "localhost").caCert();
        String url = "rediss://127.0.0.1:" + redis.port() + "?timeout=2000&cacert=" + otherCa;
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url(url).prefix("tls").build()))
                .isInstanceOf(DepotException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("TLS handshake")
                .hasMessageContaining("cacert=");
        // without cacert the JVM's default trust store does not know the test CA either
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("rediss://127.0.0.1:" + redis.port())
                .prefix("tls").build()))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining("TLS handshake");
        // verification off: works against any certificate
        roundTrip("rediss://127.0.0.1:" + redis.port() + "?verifyPeer=false");
        assertThat(Files.exists(otherCa)).isTrue();
    }

    @Test
    void plainTextToATlsOnlyServerFailsAsUnavailable() {
        RedisServer redis = RedisServers.sharedTls();
        assertThatThrownBy(() -> Depot.open(DepotConfig.builder().url("redis://127.0.0.1:" + redis.port() + "?timeout=1000")
                .prefix("tls").build()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("use rediss://");
    }
}
