package dev.depot.jdbc;

import static dev.depot.jdbc.TlsRefusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testkit.DepotContractTests;
import dev.depot.testkit.junit.MariaDbTest;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.MariaDbServers.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Depot's contract against a MariaDB with {@code require_secure_transport=ON}, connected with
 * {@code sslMode=verify-full} and the generated CA as {@code serverSslCert}; and the refusals: a
 * host name the certificate does not hold, no TLS at all.
 */
@MariaDbTest
class MariaDbTlsContractTest extends DepotContractTests {
    @RegisterExtension
    static final PrivateServer<MariaDbServer> DB = PrivateServer.of(() -> MariaDbServers.builder().tls().start());

    @Override
    protected String storeUrl() {
        return DB.get().tlsUrl("tls_contract");
    }

    @Test
    void theConnectionIsEncrypted() {
        writeOneEntry("tls", prefix -> {
            // the server's count of TLS connections: Depot's pool holds at least one
            String sessions = DB.get().sql("SELECT COUNT(*) FROM information_schema.PROCESSLIST p"
                    + " WHERE p.USER = '" + MariaDbServers.USER + "' AND p.DB = 'tls_contract'");
            assertThat(Integer.parseInt(sessions.strip())).isPositive();
            assertThat(DB.get().sql("SHOW GLOBAL STATUS LIKE 'Ssl_accepts'").strip()).doesNotEndWith("\t0");
        });
    }

    @Test
    void aHostNameTheCertificateDoesNotHoldIsRefused() {
        String url = storeUrl().replace("@localhost:", "@127.0.0.1:");
        assertRefused(url).hasMessageContaining("TLS").hasMessageContaining("127.0.0.1").hasMessageContaining("certificate")
                .hasMessageNotContaining(MariaDbServers.PASSWORD);
    }

    @Test
    void aServerWithoutTlsIsRefusedWhenTheUrlRequiresIt() {
        // the JVM's shared server has no certificate
        assertRefused(MariaDbServers.shared().url("tls_contract") + "?sslMode=trust")
                .hasMessageContaining("does not offer TLS").hasMessageContaining("sslMode=trust")
                .hasMessageNotContaining(MariaDbServers.PASSWORD);
    }

    @Test
    void aPlainTextConnectionIsRefusedWithAClearError() {
        // MariaDB refuses it as "Access denied", like a wrong password: Depot's message names both causes
        String url = DB.get().url("tls_contract") + "?sslMode=disable";
        assertRefused(url).hasMessageContaining("without TLS").hasMessageContaining("TLS connections only")
                .hasMessageContaining("sslMode=verify-full")
                .hasMessageNotContaining(MariaDbServers.PASSWORD);
    }

}
