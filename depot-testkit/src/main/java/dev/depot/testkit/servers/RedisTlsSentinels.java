package dev.depot.testkit.servers;

import dev.depot.testkit.servers.RedisServers.RedisServer;
import dev.depot.testkit.servers.RedisServers.TlsFiles;
import java.util.List;
import java.util.Objects;

/**
 * A Redis master and one Sentinel that both accept TLS connections only, with certificates of
 * one CA (naming {@code localhost} and {@code 127.0.0.1}): the Sentinel reaches the master over
 * TLS ({@code tls-replication yes}) and a client trusts both with one {@code cacert}. For
 * {@code rediss-sentinel://} tests; Sentinel failover itself is tested over plain text.
 *
 * @param master   the TLS-only master
 * @param sentinel the TLS-only Sentinel, monitoring it with a quorum of 1
 * @param name     the master's name at the Sentinel
 * @param tls      the CA (to trust) and the master's certificate
 */
public record RedisTlsSentinels(RedisServer master, RedisServer sentinel, String name, TlsFiles tls) implements AutoCloseable {
    public RedisTlsSentinels {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(sentinel, "sentinel");
    }

    /** Starts the master, then the Sentinel on a certificate of the master's CA. */
    public static RedisTlsSentinels start(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("master name must be [A-Za-z0-9_-]+, not " + name);
        }
        RedisServer master = RedisServers.startTls();
        try {
            TlsFiles ca = master.tls().orElseThrow();
            int port = FreePorts.find();
            TlsFiles own = TlsCertificates.serverSignedBy(ca, master.directory().resolve("sentinel-" + port),
                    "localhost", "127.0.0.1");
            RedisServer sentinel = RedisServers.builder().port(port).sentinel(List.of(
                            "sentinel monitor " + name + " " + master.host() + " " + master.port() + " 1",
                            "sentinel down-after-milliseconds " + name + " 2000",
                            "sentinel failover-timeout " + name + " 10000"))
                    // after the builder's "port N": TLS on N instead
                    .config("port 0").config("tls-port " + port).config("tls-cert-file " + own.serverCert())
                    .config("tls-key-file " + own.serverKey()).config("tls-ca-cert-file " + ca.caCert())
                    .config("tls-auth-clients no").config("tls-replication yes")
                    .start();
            return new RedisTlsSentinels(master, sentinel, name, ca);
        } catch (RuntimeException e) {
            master.close();
            throw e;
        }
    }

    /** {@code rediss-sentinel://127.0.0.1:PORT?master=NAME&cacert=CA}. */
    public String url() {
        return "rediss-sentinel://" + sentinel.host() + ":" + sentinel.port() + "?master=" + name + "&cacert="
                + tls.caCert().toAbsolutePath();
    }

    @Override
    public void close() {
        sentinel.close();
        master.close();
    }
}
