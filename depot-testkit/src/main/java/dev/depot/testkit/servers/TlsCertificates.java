package dev.depot.testkit.servers;

import dev.depot.testkit.servers.RedisServers.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Certificates for the TLS servers of this package, made fresh by {@code openssl} for each server
 * (valid three days): a CA, a server certificate signed by it naming exactly the host names given
 * (so a test can connect under a name the certificate does not hold and see it refused), and
 * client certificates for mutual TLS. Keys are unencrypted PKCS#8 PEM files readable by their
 * owner only, as PostgreSQL demands. A missing {@code openssl} fails naming the Debian package.
 * Thread-safe.
 */
public final class TlsCertificates {
    /** The Debian package that provides {@code openssl}. */
    public static final String PACKAGES = "openssl";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TlsCertificates() {}

    /** A client certificate and its key (PKCS#8 PEM, RSA, which pgjdbc reads without more settings). */
    public record ClientFiles(Path cert, Path key) {}

    /**
     * A fresh CA and a server certificate in {@code dir}, whose subject alternative names are
     * exactly {@code names}: host names, or IP addresses written as digits and dots.
     */
    public static TlsFiles server(Path dir, String... names) {
        String openssl = openssl();
        Path ca = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        ServerProcess.run(dir, TIMEOUT, List.of(openssl, "req", "-x509", "-new", "-nodes", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-days", "3", "-subj", "/CN=Depot Test CA " + SEQUENCE.incrementAndGet(),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
        ownerOnly(caKey);
        return serverSignedBy(new TlsFiles(ca, caKey, null, null), dir, names);
    }

    /**
     * A server certificate in {@code dir} signed by the CA of {@code ca} (servers that must trust
     * each other, such as a Sentinel and its master, share one CA), naming exactly {@code names}.
     * The result holds that CA and the new certificate and key.
     */
    public static TlsFiles serverSignedBy(TlsFiles ca, Path dir, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("a server certificate names at least one host");
        }
        String openssl = openssl();
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path ext = dir.resolve("server.ext");
        String san = List.of(names).stream().distinct().map(n -> (n.matches("[0-9.]+") ? "IP:" : "DNS:") + n)
                .collect(Collectors.joining(","));
        write(ext, "subjectAltName=" + san + "\nbasicConstraints=CA:FALSE\n"
                // clientAuth too: Redis Cluster nodes show their certificate to each other as clients
                + "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
        ServerProcess.run(dir, TIMEOUT, List.of(openssl, "req", "-new", "-nodes", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=" + names[0]));
        sign(openssl, dir, csr, ca.caCert(), ca.caKey(), cert, ext);
        ownerOnly(key);
        return new TlsFiles(ca.caCert(), ca.caKey(), cert, key);
    }

    /**
     * A client certificate for {@code commonName} (PostgreSQL's {@code clientcert=verify-full}
     * wants the user name there) signed by the CA of {@code ca}, written into {@code dir} as
     * {@code <commonName>.crt} and {@code <commonName>.key}.
     */
    public static ClientFiles client(TlsFiles ca, Path dir, String commonName) {
        if (!commonName.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("a client common name is [A-Za-z0-9_.-]+, not " + commonName);
        }
        String openssl = openssl();
        Path cert = dir.resolve(commonName + ".crt");
        Path key = dir.resolve(commonName + ".key");
        Path csr = dir.resolve(commonName + ".csr");
        Path ext = dir.resolve(commonName + ".ext");
        write(ext, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=clientAuth\n");
        ServerProcess.run(dir, TIMEOUT, List.of(openssl, "req", "-new", "-nodes", "-newkey", "rsa:2048",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + commonName));
        sign(openssl, dir, csr, ca.caCert(), ca.caKey(), cert, ext);
        ownerOnly(key);
        return new ClientFiles(cert, key);
    }

    private static void sign(String openssl, Path dir, Path csr, Path ca, Path caKey, Path out, Path ext) {
        ServerProcess.run(dir, TIMEOUT, List.of(openssl, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(),
                "-CAkey", caKey.toString(), "-CAcreateserial", "-out", out.toString(), "-days", "3",
                "-extfile", ext.toString()));
    }

    private static String openssl() {
        return ServerProcess.requireExecutable("openssl", PACKAGES);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void ownerOnly(Path key) {
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict " + key, e);
        }
    }
}
