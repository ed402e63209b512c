package dev.depot.jdbc;

import static dev.depot.jdbc.TlsRefusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testkit.DepotContractTests;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import dev.depot.testkit.servers.RedisServers;
import dev.depot.testkit.servers.TlsCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Depot's contract against a PostgreSQL that accepts TLS connections only ({@code hostssl}),
 * connected with {@code sslmode=verify-full} and the generated CA; and what a user sees when the
 * connection is wrong: a host name the certificate does not hold, another CA, no TLS at all.
 */
@PostgresTest
class PostgresTlsContractTest extends DepotContractTests {
    @RegisterExtension
    static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().tls().start());

    @TempDir
    Path tmp;

    @Override
    protected String storeUrl() {
        return PG.get().tlsUrl("tls_contract");
    }

    @Test
    void theConnectionIsEncrypted() {
        writeOneEntry("tls", prefix -> {
            // every client connection of this database, seen by the server: each one over TLS
            String rows = PG.get().psql("postgres", "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a"
                    + " ON a.pid = s.pid WHERE a.datname = 'tls_contract'");
            assertThat(rows.lines().toList()).isNotEmpty().containsOnly("t");
        });
    }

    @Test
    void aHostNameTheCertificateDoesNotHoldIsRefused() {
        // the certificate names localhost only; 127.0.0.1 is the same server under another name
        String url = storeUrl().replace("@localhost:", "@127.0.0.1:");
        assertRefused(url).hasMessageContaining("TLS").hasMessageContaining("127.0.0.1").hasMessageContaining("certificate");
    }

    @Test
    void aServerSignedByAnotherCaIsRefused() {
        RedisServers.TlsFiles other = TlsCertificates.server(tmp, "localhost");
        String url = storeUrl().replace(PG.get().tls().orElseThrow().caCert().toString(), other.caCert().toString());
        assertRefused(url).hasMessageContaining("TLS").hasMessageContaining("sslrootcert");
    }

    @Test
    void aServerWithoutTlsIsRefusedWhenTheUrlRequiresIt() {
        // the JVM's shared server has ssl=off
        assertRefused(PostgresServers.shared().url("tls_contract") + "?sslmode=require")
                .hasMessageContaining("does not offer TLS").hasMessageContaining("sslmode=require");
    }

    @Test
    void aPlainTextConnectionIsRefusedWithAClearError() {
        String url = PG.get().url("tls_contract") + "?sslmode=disable";
        assertRefused(url).hasMessageContaining("refused a connection without TLS").hasMessageContaining("sslmode=verify-full");
    }

}
