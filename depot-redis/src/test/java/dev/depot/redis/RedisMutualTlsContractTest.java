package dev.depot.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.DepotContractTests;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.junit.RedisTest;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.RedisServers.RedisServer;
import dev.depot.testkit.servers.TlsCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Depot's contract against a TLS-only Redis that demands a client certificate
 * ({@code tls-auth-clients yes}), connected with {@code cacert}, {@code cert} and {@code key};
 * without a client certificate, or with one from another CA, the server refuses with an error
 * that names the parameters.
 */
@RedisTest
class RedisMutualTlsContractTest extends DepotContractTests {
    @RegisterExtension
    static final PrivateServer<RedisServer> REDIS = PrivateServer.of(
            () -> RedisServers.builder().tls().config("tls-auth-clients yes").start());
    private static TlsCertificates.ClientFiles client;

    @TempDir
    Path tmp;

    private static synchronized TlsCertificates.ClientFiles client() {
        if (client == null || !client.cert().startsWith(REDIS.get().directory())) {
            client = TlsCertificates.client(REDIS.get().tls().orElseThrow(), REDIS.get().directory().resolve("client"), "depot");
        }
        return client;
    }

    @Override
    protected String storeUrl() {
        return REDIS.get().url() + "&cert=" + client().cert() + "&key=" + client().key();
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() {
        assertThatThrownBy(() -> openUrl(REDIS.get().url() + "&timeout=3000")).isInstanceOf(DepotException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("refused the TLS handshake").hasMessageContaining("cert=").hasMessageContaining("key=");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        RedisServers.TlsFiles otherCa = TlsCertificates.server(tmp.resolve("ca"), "localhost");
        TlsCertificates.ClientFiles stranger = TlsCertificates.client(otherCa, tmp.resolve("client"), "depot");
        String url = REDIS.get().url() + "&timeout=3000&cert=" + stranger.cert() + "&key=" + stranger.key();
        assertThatThrownBy(() -> openUrl(url)).isInstanceOf(DepotException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("refused the TLS handshake").hasMessageContaining("signed by a CA the server trusts");
    }

    @Test
    void aKeyWithoutItsCertificateIsRefusedBeforeConnecting() {
        String url = REDIS.get().url() + "&key=" + client().key();
        assertThatThrownBy(() -> openUrl(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cert and key go together");
        assertThatThrownBy(() -> openUrl("redis://127.0.0.1:1?cert=" + client().cert() + "&key=" + client().key()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS only");
        assertThat(client().key()).exists();
    }

    private static void openUrl(String url) {
        try (Depot ignored = Depot.open(DepotConfig.builder().url(url).prefix(TestPrefixes.fresh("mtls")).build())) {
            throw new AssertionError("opened " + url);
        }
    }
}
