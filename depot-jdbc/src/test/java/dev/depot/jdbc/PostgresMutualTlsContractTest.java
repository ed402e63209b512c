package dev.depot.jdbc;

import static dev.depot.jdbc.TlsRefusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Depot;
import dev.depot.testkit.DepotContractTests;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import dev.depot.testkit.servers.TlsCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Depot's contract against a PostgreSQL that demands a client certificate
 * ({@code hostssl ... clientcert=verify-full}), connected with {@code sslmode=verify-full} and
 * the generated client certificate and key ({@code sslcert}, {@code sslkey}); and the refusals:
 * no client certificate, a certificate for another user.
 */
@PostgresTest
class PostgresMutualTlsContractTest extends DepotContractTests {
    @RegisterExtension
    static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().clientCertificates().start());

    @TempDir
    Path tmp;

    @Override
    protected String storeUrl() {
        return PG.get().tlsUrl("mtls_contract");
    }

    @Test
    void theServerSawTheClientCertificate() {
        writeOneEntry("mtls", prefix -> {
            String rows = PG.get().psql("postgres", "SELECT s.ssl, s.client_dn FROM pg_stat_ssl s JOIN pg_stat_activity a"
                    + " ON a.pid = s.pid WHERE a.datname = 'mtls_contract'");
            assertThat(rows.lines().toList()).isNotEmpty().containsOnly("t|/CN=" + PostgresServers.SUPERUSER);
        });
    }

    @Test
    void withoutAClientCertificateTheServerRefusesClearly() {
        String url = PG.get().tlsUrl("mtls_contract");
        String withoutCert = url.substring(0, url.indexOf("&sslcert="));
        assertRefused(withoutCert).hasMessageContaining("client certificate").hasMessageContaining("sslcert");
    }

    @Test
    void aCertificateForAnotherUserIsRefused() {
        TlsCertificates.ClientFiles mallory = TlsCertificates.client(PG.get().tls().orElseThrow(), tmp, "mallory");
        String url = PG.get().tlsUrl("mtls_contract");
        String other = url.substring(0, url.indexOf("&sslcert=")) + "&sslcert=" + mallory.cert() + "&sslkey=" + mallory.key();
        assertRefused(other).hasMessageContaining("client certificate").hasMessageContaining("common name");
    }

    @Test
    void theKeyNeverReachesTheMessage() throws Exception {
        String url = PG.get().tlsUrl("mtls_contract");
        String noCa = url.replaceAll("sslrootcert=[^&]*", "sslrootcert=" + tmp.resolve("missing-ca.crt"));
        String key = Files.readString(PG.get().clientCertificate().orElseThrow().key());
        String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThatThrownBy(() -> Depot.open(noCa)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sslrootcert").hasMessageContaining("missing-ca.crt").hasMessageNotContaining(body);
    }

}
