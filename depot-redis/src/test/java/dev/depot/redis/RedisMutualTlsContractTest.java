package dev.depot.redis;

import static dev.depot.testkit.OpenFailures.assertOpenFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.DepotContractTests;
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
        assertOpenFails(REDIS.get().url() + "&timeout=3000", "mtls").isInstanceOf(DepotException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("refused the TLS handshake").hasMessageContaining("cert=").hasMessageContaining("key=");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        RedisServers.TlsFiles otherCa = TlsCertificates.server(tmp.resolve("ca"), "localhost");
        TlsCertificates.ClientFiles stranger = TlsCertificates.client(otherCa, tmp.resolve("client"), "depot");
        String url = REDIS.get().url() + "&timeout=3000&cert=" + stranger.cert() + "&key=" + stranger.key();
        assertOpenFails(url, "mtls").isInstanceOf(DepotException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("refused the TLS handshake").hasMessageContaining("signed by a CA the server trusts");
    }

    @Test
    void aKeyWithoutItsCertificateIsRefusedBeforeConnecting() {
        String url = REDIS.get().url() + "&key=" + client().key();
        assertOpenFails(url, "mtls").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cert and key go together");
        assertOpenFails("redis://127.0.0.1:1?cert=" + client().cert() + "&key=" + client().key(), "mtls")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS only");
        assertThat(client().key()).exists();
    }
}
