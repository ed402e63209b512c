package dev.depot.jdbc;

import static dev.depot.jdbc.TlsRefusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.testkit.DepotContractTests;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PgBouncerServers.PgBouncer;
import dev.depot.testkit.servers.PostgresServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Depot's contract through a PgBouncer in transaction mode that accepts TLS clients only
 * ({@code client_tls_sslmode = require}), connected with {@code sslmode=verify-full} and its CA,
 * DDL through the direct URL; and a plain-text connection refused with a clear error.
 */
@PgBouncerTest
class PgBouncerTlsContractTest extends DepotContractTests {
    @RegisterExtension
    static final PrivateServer<PgBouncer> BOUNCER = PrivateServer.of(
            () -> PgBouncerServers.builder(PostgresServers.shared()).tls().start());

    @Override
    protected String storeUrl() {
        return BOUNCER.get().tlsUrl("bouncer_tls", PostgresServers.shared().url("bouncer_tls"));
    }

    @Test
    void theClientConnectionsAreEncrypted() {
        try (Depot depot = open(TestPrefixes.fresh("tls"))) {
            depot.map("m", Codec.STRING, Codec.STRING).put("k", "v");
            // SHOW CLIENTS: the tls column of each client of this database (the admin console itself is not one)
            String clients = BOUNCER.get().admin("SHOW CLIENTS");
            assertThat(clients.lines().filter(l -> l.contains("|bouncer_tls|")).toList()).isNotEmpty()
                    .allMatch(l -> l.contains("TLSv1.3"), "every client of bouncer_tls speaks TLS");
        }
    }

    @Test
    void aPlainTextConnectionIsRefusedWithAClearError() {
        String url = BOUNCER.get().url("bouncer_tls") + "&sslmode=disable";
        assertRefused(url).hasMessageContaining("refused a connection without TLS").hasMessageContaining("sslmode=verify-full");
    }

}
