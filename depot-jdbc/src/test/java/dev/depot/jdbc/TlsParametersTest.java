package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StoreUnavailableException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS parameters of the SQL stores' URLs are checked before anything connects: an unknown
 * mode, a certificate file that cannot be read, a client certificate without its key. Each error
 * names the parameter and never shows a password. No server needed (port 1 is never reached).
 */
class TlsParametersTest {
    @TempDir
    Path dir;

    private static void open(String url) {
        try (Depot ignored = Depot.open(DepotConfig.builder().url(url).connectTimeout(Duration.ofSeconds(1)).build())) {
            throw new AssertionError("opened " + url);
        }
    }

    /** Asserts that opening {@code url} fails as bad input, and returns the assertion, to check the message. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String url) {
        return assertThatThrownBy(() -> open(url)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Asserts that {@code url} with {@code parameter} naming a file that does not exist is rejected
     * with a message naming the parameter and the file, and no password; returns the file.
     */
    private Path assertUnreadableFileRejected(String url, String parameter) {
        Path missing = dir.resolve("no-such-ca.crt");
        assertRejected(url + parameter + "=" + missing).hasMessageContaining(parameter)
                .hasMessageContaining(missing.toString()).hasMessageNotContaining("hunter2");
        return missing;
    }

    @Test
    void postgresRefusesAnUnknownSslmode() {
        assertRejected("postgres://u:hunter2@127.0.0.1:1/app?sslmode=verify_full&sslpassword=swordfish")
                .hasMessageContaining("sslmode")
                .hasMessageContaining("verify-full").hasMessageContaining("'verify_full'")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("swordfish");
    }

    @Test
    void postgresRefusesCertificateFilesItCannotRead() {
        assertUnreadableFileRejected("postgres://u@127.0.0.1:1/app?sslmode=verify-full&", "sslrootcert");
        assertRejected("postgres://u@127.0.0.1:1/app?sslmode=verify-full&sslcert=" + dir + "&sslkey=" + dir)
                .hasMessageContaining("sslcert");
    }

    @Test
    void postgresWantsTheClientCertificateAndItsKeyTogether() throws Exception {
        Path cert = Files.writeString(dir.resolve("client.crt"), "not checked here");
        assertRejected("postgres://u@127.0.0.1:1/app?sslmode=verify-full&sslcert=" + cert)
                .hasMessageContaining("sslcert and sslkey go together");
    }

    @Test
    void postgresChecksTheDirectUrlToo() {
        String direct = URLEncoder.encode("postgres://u@127.0.0.1:2/app?sslmode=on", StandardCharsets.UTF_8);
        assertRejected("postgres://u@127.0.0.1:1/app?preparedStatements=false&directUrl=" + direct)
                .hasMessageContaining("sslmode").hasMessageContaining("'on'");
    }

    @Test
    void mariadbRefusesAnUnknownSslMode() {
        assertRejected("mariadb://u:hunter2@127.0.0.1:1/app?sslMode=REQUIRED")
                .hasMessageContaining("sslMode")
                .hasMessageContaining("verify-full").hasMessageNotContaining("hunter2");
    }

    @Test
    void mariadbRefusesFilesItCannotReadButTakesAnInlineCertificate() {
        Path missing = assertUnreadableFileRejected("mariadb://u:hunter2@127.0.0.1:1/app?sslMode=verify-full&", "serverSslCert");
        assertRejected("mariadb://u@127.0.0.1:1/app?sslMode=verify-full&keyStore=" + missing
                + "&keyStorePassword=swordfish")
                .hasMessageContaining("keyStore").hasMessageNotContaining("swordfish");
        // the driver also takes the certificate itself: not a file name, so it passes to the driver,
        // which then finds nothing listening
        String inline = URLEncoder.encode("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> open("mariadb://u@127.0.0.1:1/app?sslMode=verify-full&serverSslCert=" + inline))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
