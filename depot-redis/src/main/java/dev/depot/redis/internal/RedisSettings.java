package dev.depot.redis.internal;

import dev.depot.spi.ReadFrom;
import dev.depot.spi.SecretMasker;
import dev.depot.spi.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Redis store URL, checked and turned into settings. Accepted forms (every parameter optional
 * unless said otherwise):
 * <pre>
 * redis://[[user]:password@]host[:port][/db][?timeout=DURATION]
 * rediss://[[user]:password@]host[:port][/db][?timeout=MS&amp;verifyPeer=false&amp;cacert=/path/ca.pem&amp;cert=/path/client.crt&amp;key=/path/client.key]
 * redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/db]?master=NAME[&amp;sentinelPassword=P][&amp;timeout=MS][&amp;waitReplicas=N]
 * rediss-sentinel://...same, over TLS, with verifyPeer, cacert, cert and key...
 * redis-cluster://[[user]:password@]host[:port][,host[:port]...][?timeout=MS]
 * rediss-cluster://...same, over TLS, with verifyPeer, cacert, cert and key...
 * </pre>
 * Default ports: 6379, Sentinel 26379. The user and password are those of the Redis server (an
 * ACL user, or only a password for the {@code default} user); Sentinels use
 * {@code sentinelPassword} when set and no password otherwise. An unknown parameter is an error,
 * so a typo does not silently weaken TLS. {@code timeout} (milliseconds, or a duration such as
 * {@code 2s}, from 1 ms to 1 h; see {@link dev.depot.spi.SettingValues}) bounds both connecting and each
 * operation; without it, connecting has {@code connectTimeout} and operations
 * {@code operationTimeout} from the Depot's configuration. {@code waitReplicas=N} (standalone and
 * Sentinel, 0 by default) makes every write wait for {@code N} replicas with {@code WAIT}; see
 * {@link ReplicaWait}. {@code cert} and {@code key} (both or
 * neither, as {@code redis-cli --cert --key}) are a client certificate chain and its unencrypted
 * PKCS#8 PEM key, for a server with {@code tls-auth-clients yes}. {@code readFrom=replicaPreferred}
 * (Sentinel and Cluster only; see {@link ReadFrom}) sends plain reads to replicas.
 *
 * @param clientCert     the client certificate chain (PEM), or null
 * @param clientKey      its key (PKCS#8 PEM), or null
 * @param connectTimeout how long connecting (TCP, TLS, authentication) may take
 * @param timeout        how long one operation may take, waiting for a connection included
 * @param hosts          servers, Sentinels or Cluster seed nodes, never empty
 * @param waitReplicas   replicas each write waits for with {@code WAIT}; 0 for none
 */
record RedisSettings(
        Mode mode,
        boolean tls,
        boolean verifyPeer,
        Path caCert,
        Path clientCert,
        Path clientKey,
        String user,
        String password,
        int database,
        String masterName,
        String sentinelPassword,
        Duration connectTimeout,
        Duration timeout,
        List<StoreUrl.Host> hosts,
        String masked,
        int waitReplicas,
        ReadFrom readFrom) {

    enum Mode {
        STANDALONE(""), SENTINEL("-sentinel"), CLUSTER("-cluster");

        private final String suffix;

        Mode(String suffix) {
            this.suffix = suffix;
        }

        /** What follows {@code redis} or {@code rediss} in the URL scheme. */
        String scheme() {
            return suffix;
        }
    }

    static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel",
            "redis-cluster", "rediss-cluster");
    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final Set<String> PARAMS = Set.of("timeout", "verifyPeer", "cacert", "cert", "key", "master",
            "sentinelPassword", "waitReplicas", ReadFrom.PARAM);
    /** Most replicas {@code waitReplicas} may ask for: more than any deployment Depot was tested with is a typo. */
    static final int MAX_WAIT_REPLICAS = 16;

    /**
     * Reads the URL; when it has no {@code timeout}, connecting has {@code connectTimeout} and
     * each operation {@code operationTimeout}.
     *
     * @throws IllegalArgumentException naming what is wrong, with the password masked
     */
    static RedisSettings parse(StoreUrl url, Duration connectTimeout, Duration operationTimeout) {
        String scheme = url.scheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("not a Redis URL: " + url);
        }
        if (!url.hierarchical()) {
            throw new IllegalArgumentException("a Redis URL looks like " + scheme + "://host:port, not " + url);
        }
        for (String p : url.params().keySet()) {
            if (!PARAMS.contains(p)) {
                throw new IllegalArgumentException("unknown parameter '" + p + "' in " + url + "; Redis URLs accept "
                        + "timeout, verifyPeer, cacert, cert, key (rediss), master and sentinelPassword (Sentinel), "
                        + "waitReplicas");
            }
        }
        boolean tls = scheme.startsWith("rediss");
        Mode mode = scheme.endsWith("-sentinel") ? Mode.SENTINEL : scheme.endsWith("-cluster") ? Mode.CLUSTER : Mode.STANDALONE;
        if (url.hosts().isEmpty()) {
            throw new IllegalArgumentException("no host in " + url);
        }
        if (mode == Mode.STANDALONE && url.hosts().size() > 1) {
            throw new IllegalArgumentException("a " + scheme + ":// URL names one server; for several use "
                    + (tls ? "rediss" : "redis") + "-sentinel:// or " + (tls ? "rediss" : "redis") + "-cluster://, in " + url);
        }
        if (!tls && List.of("verifyPeer", "cacert", "cert", "key").stream().anyMatch(url.params()::containsKey)) {
            throw new IllegalArgumentException("verifyPeer, cacert, cert and key apply to TLS only; use rediss"
                    + scheme.substring(5) + ":// in " + url);
        }
        boolean verifyPeer = url.booleanParam("verifyPeer", true);
        Path caCert = file(url, "cacert");
        Path clientCert = file(url, "cert");
        Path clientKey = file(url, "key");
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("cert and key go together (a client certificate and its key), in " + url);
        }
        String user = url.user();
        String password = url.password();
        if (password != null && password.isEmpty()) {
            password = null;
        }
        if (user != null && password == null) {
            throw new IllegalArgumentException("user '" + user + "' without a password in " + url
                    + "; write redis://user:password@host or redis://:password@host");
        }
        int database = 0;
        String path = url.path();
        if (!path.isEmpty()) {
            if (!path.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("the path of a Redis URL is the database number, not '" + path + "', in " + url);
            }
            database = Integer.parseInt(path);
            if (mode == Mode.CLUSTER && database != 0) {
                throw new IllegalArgumentException("Redis Cluster has database 0 only, not " + database + ", in " + url);
            }
        }
        String master = url.param("master", null);
        if (mode == Mode.SENTINEL && (master == null || master.isEmpty())) {
            throw new IllegalArgumentException("a Sentinel URL needs ?master=NAME (the monitored master's name), in " + url);
        }
        if (mode != Mode.SENTINEL && (master != null || url.params().containsKey("sentinelPassword"))) {
            throw new IllegalArgumentException("master and sentinelPassword apply to redis-sentinel:// URLs only, in " + url);
        }
        String sentinelPassword = url.param("sentinelPassword", null);
        int waitReplicas = (int) url.longParam("waitReplicas", 0, 0, MAX_WAIT_REPLICAS);
        if (waitReplicas > 0 && mode == Mode.CLUSTER) {
            throw new IllegalArgumentException("waitReplicas is not supported on " + scheme + ":// (WAIT would have to follow "
                    + "each write to the node that took it, through MOVED and ASK), in " + url);
        }
        Duration timeout = url.durationParam("timeout", null, Duration.ofMillis(1), Duration.ofHours(1));
        Duration connect = timeout != null ? timeout : connectTimeout;
        if (timeout == null) {
            timeout = operationTimeout;
        }
        int defaultPort = mode == Mode.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
        List<StoreUrl.Host> hosts = url.hosts().stream()
                .map(h -> h.port() < 0 ? new StoreUrl.Host(h.host(), defaultPort) : h)
                .toList();
        ReadFrom readFrom = ReadFrom.of(url);
        if (readFrom != ReadFrom.PRIMARY && mode == Mode.STANDALONE) {
            throw new IllegalArgumentException("readFrom=" + readFrom + " needs replicas that Depot can find: use a"
                    + " redis-sentinel:// or redis-cluster:// URL, not " + url);
        }
        return new RedisSettings(mode, tls, verifyPeer, caCert, clientCert, clientKey, user, password, database, master,
                sentinelPassword, connect, timeout, hosts, url.masked(), waitReplicas, readFrom);
    }

    /** The readable file a parameter names, or null when absent; its content is never shown. */
    private static Path file(StoreUrl url, String param) {
        String v = url.param(param, null);
        if (v == null) {
            return null;
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException(param + " is empty in " + url);
        }
        Path p = Path.of(v);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException(param + " file " + p + " is not readable, in " + url);
        }
        return p;
    }

    /** Removes the passwords from a text that did not come from us (a driver's message). */
    String scrub(String text) {
        return SecretMasker.of(password, sentinelPassword).scrub(text);
    }

    @Override
    public String toString() {
        return masked;
    }
}
