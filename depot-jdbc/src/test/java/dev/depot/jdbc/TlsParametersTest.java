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

    @Test
    void postgresRefusesAnUnknownSslmode() {
        assertThatThrownBy(() -> open("postgres://u:hunter2@127.0.0.1:1/app?sslmode=verify_full&sslpassword=swordfish"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslmode")
                .hasMessageContaining("verify-full").hasMessageContaining("'verify_full'")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("swordfish");
    }

    @Test
    void postgresRefusesCertificateFilesItCannotRead() {
        Path missing = dir.resolve("no-such-ca.crt");
        assertThatThrownBy(() -> open("postgres://u@127.0.0.1:1/app?sslmode=verify-full&sslrootcert=" + missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslrootcert")
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> open("postgres://u@127.0.0.1:1/app?sslmode=verify-full&sslcert=" + dir + "&sslkey=" + dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslcert");
    }

    @Test
    void postgresWantsTheClientCertificateAndItsKeyTogether() throws Exception {
        Path cert = Files.writeString(dir.resolve("client.crt"), "not checked here");
        assertThatThrownBy(() -> open("postgres://u@127.0.0.1:1/app?sslmode=verify-full&sslcert=" + cert))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslcert and sslkey go together");
    }

    @Test
    void postgresChecksTheDirectUrlToo() {
        String direct = URLEncoder.encode("postgres://u@127.0.0.1:2/app?sslmode=on", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> open("postgres://u@127.0.0.1:1/app?preparedStatements=false&directUrl=" + direct))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslmode").hasMessageContaining("'on'");
    }

    @Test
    void mariadbRefusesAnUnknownSslMode() {
        assertThatThrownBy(() -> open("mariadb://u:hunter2@127.0.0.1:1/app?sslMode=REQUIRED"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslMode")
                .hasMessageContaining("verify-full").hasMessageNotContaining("hunter2");
    }

    @Test
    void mariadbRefusesFilesItCannotReadButTakesAnInlineCertificate() {
        Path missing = dir.resolve("no-such-ca.crt");
        assertThatThrownBy(() -> open("mariadb://u:hunter2@127.0.0.1:1/app?sslMode=verify-full&serverSslCert=" + missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverSslCert")
                .hasMessageContaining(missing.toString()).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> open("mariadb://u@127.0.0.1:1/app?sslMode=verify-full&keyStore=" + missing
                + "&keyStorePassword=swordfish")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyStore").hasMessageNotContaining("swordfish");
        // the driver also takes the certificate itself: not a file name, so it passes to the driver,
        // which then finds nothing listening
        String inline = URLEncoder.encode("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> open("mariadb://u@127.0.0.1:1/app?sslMode=verify-full&serverSslCert=" + inline))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
