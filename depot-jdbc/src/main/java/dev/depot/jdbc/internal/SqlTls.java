package dev.depot.jdbc.internal;

import dev.depot.spi.StoreUrl;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The TLS parameters of a server database's URL, under each driver's names: their values checked
 * before the driver sees them (a mode it knows, files that can be read), and a connection failure
 * that comes from TLS turned into a sentence that says what to set. Messages name parameters and
 * file paths, never a file's content or a password. Immutable and thread-safe.
 *
 * @param store   the database, as messages name it
 * @param mode    the parameter that picks the mode ({@code sslmode}, {@code sslMode})
 * @param modes   the values it takes
 * @param ca      the parameter that names the CA or server certificate to trust
 * @param files   every parameter that names a file (the CA's included)
 * @param certHint what to set for a client certificate
 */
record SqlTls(String store, String mode, List<String> modes, String ca, List<String> files, String certHint) {
    /** pgjdbc's names; {@code sslrootcert}, {@code sslcert} and {@code sslkey} are files. */
    static final SqlTls POSTGRES = new SqlTls("PostgreSQL", "sslmode",
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"), "sslrootcert",
            List.of("sslrootcert", "sslcert", "sslkey"), "sslcert and sslkey (the client certificate and its key)");
    /** MariaDB Connector/J's names; {@code serverSslCert} may also be the certificate itself or a {@code classpath:} resource. */
    static final SqlTls MARIADB = new SqlTls("MySQL/MariaDB", "sslMode",
            List.of("disable", "trust", "verify-ca", "verify-full"), "serverSslCert",
            List.of("serverSslCert", "keyStore"), "keyStore and keyStorePassword (a PKCS#12 file with the client certificate)");

    /** The names of {@link ServerPool#open}'s {@code kind}: {@code postgres} or {@code mysql}. */
    static SqlTls forKind(String kind) {
        return "postgres".equals(kind) ? POSTGRES : MARIADB;
    }

    /**
     * Checks the TLS parameters of {@code url}.
     *
     * @throws IllegalArgumentException naming the parameter and the URL (masked) when a mode is
     *         unknown, a file cannot be read, or only one of a client certificate and its key is given
     */
    void check(StoreUrl url) {
        String m = url.params().get(mode);
        if (m != null && !modes.contains(m)) {
            throw new IllegalArgumentException(mode + " is one of " + modes + ", not '" + m + "', in " + url);
        }
        for (String p : files) {
            String v = url.params().get(p);
            if (v == null || (p.equals(ca) && (v.startsWith("-----BEGIN") || v.startsWith("classpath:")))) {
                continue;
            }
            if (!readableFile(v)) {
                throw new IllegalArgumentException(p + " names the file '" + v + "', which cannot be read, in " + url);
            }
        }
        if (this == POSTGRES && url.params().containsKey("sslcert") != url.params().containsKey("sslkey")) {
            // pgjdbc would quietly look for the other one in ~/.postgresql
            throw new IllegalArgumentException("sslcert and sslkey go together (a client certificate and its key), in " + url);
        }
    }

    private static boolean readableFile(String path) {
        try {
            Path p = Path.of(path);
            return Files.isRegularFile(p) && Files.isReadable(p);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * What went wrong when a failure to connect to {@code url} comes from TLS, as a sentence that
     * says what to set; empty when {@code failure} is something else. TLS failures are
     * configuration errors: retrying does not help, so callers report them as such, not as an outage.
     */
    Optional<String> explain(Throwable failure, StoreUrl url) {
        String text = messages(failure).toLowerCase(Locale.ROOT);
        String useTls = "set " + mode + "=verify-full with " + ca + "=<the CA's certificate file>";
        if (text.contains("no encryption") || text.contains("insecure transport") || text.contains("ssl required")) {
            return Optional.of("the server refused a connection without TLS: it accepts TLS connections only; " + useTls);
        }
        // MariaDB answers a plain connection to a server with require_secure_transport (or a user
        // with REQUIRE SSL) with "Access denied", like a wrong password: say both
        String m = url.params().getOrDefault(mode, "disable");
        if (this == MARIADB && text.contains("access denied") && m.equals("disable")) {
            return Optional.of("the server refused the user over a connection without TLS: either the password is wrong"
                    + " or the server accepts TLS connections only (require_secure_transport, REQUIRE SSL); for TLS, " + useTls);
        }
        // PostgreSQL's clientcert=verify-full on "trust" says only that trust failed: the
        // certificate's common name is not the user
        if (text.contains("requires a valid client certificate") || text.contains("certificate authentication failed")
                || text.contains("\"trust\" authentication failed") || text.contains("client certificate")) {
            return Optional.of("the server demands a valid client certificate for this user (its common name must be"
                    + " the user name); set " + certHint);
        }
        if (text.contains("hostname") && text.contains("could not be verified")
                || text.contains("doesn't correspond to certificate") || text.contains("not found in certificate")
                || text.contains("no subject alternative")) {
            return Optional.of("TLS: the server's certificate does not name the host the URL connects to; connect by a"
                    + " name the certificate holds (" + mode + "=verify-full checks it)");
        }
        if (text.contains("does not support ssl") || text.contains("ssl not enabled in the server")) {
            return Optional.of("the server does not offer TLS, and " + mode + "=" + url.params().getOrDefault(mode, "")
                    + " requires it; turn TLS on at the server (or connect to the one that has it)");
        }
        // only a certificate problem: a handshake cut short by a dying server stays an outage
        if (hasCause(failure, CertificateException.class)
                || hasCause(failure, SSLException.class) && (text.contains("pkix") || text.contains("certificate"))) {
            return Optional.of("TLS: the server's certificate could not be verified; is it signed by the CA that " + ca
                    + " names?");
        }
        return Optional.empty();
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 10_000; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
