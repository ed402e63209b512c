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
 * rediss://[[user]:password@]host[:port][/db][?timeout=MS&amp;verifyPeer=false&amp;cacert=/path/ca.pem]
 * redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/db]?master=NAME[&amp;sentinelPassword=P][&amp;timeout=MS]
 * rediss-sentinel://...same, over TLS, with verifyPeer and cacert...
 * redis-cluster://[[user]:password@]host[:port][,host[:port]...][?timeout=MS]
 * rediss-cluster://...same, over TLS, with verifyPeer and cacert...
 * </pre>
 * Default ports: 6379, Sentinel 26379. The user and password are those of the Redis server (an
 * ACL user, or only a password for the {@code default} user); Sentinels use
 * {@code sentinelPassword} when set and no password otherwise. An unknown parameter is an error,
 * so a typo does not silently weaken TLS. {@code timeout} (milliseconds, or a duration such as
 * {@code 2s}, from 1 ms to 1 h; see {@link dev.depot.spi.SettingValues}) bounds both connecting and each
 * operation; without it, connecting has {@code connectTimeout} and operations
 * {@code operationTimeout} from the Depot's configuration. {@code readFrom=replicaPreferred}
 * (Sentinel and Cluster only; see {@link ReadFrom}) sends plain reads to replicas.
 *
 * @param connectTimeout how long connecting (TCP, TLS, authentication) may take
 * @param timeout        how long one operation may take, waiting for a connection included
 * @param hosts          servers, Sentinels or Cluster seed nodes, never empty
 */
record RedisSettings(
        Mode mode,
        boolean tls,
        boolean verifyPeer,
        Path caCert,
        String user,
        String password,
        int database,
        String masterName,
        String sentinelPassword,
        Duration connectTimeout,
        Duration timeout,
        List<StoreUrl.Host> hosts,
        String masked,
        ReadFrom readFrom) {

    enum Mode { STANDALONE, SENTINEL, CLUSTER }

    static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel",
            "redis-cluster", "rediss-cluster");
    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final Set<String> PARAMS = Set.of("timeout", "verifyPeer", "cacert", "master", "sentinelPassword",
            ReadFrom.PARAM);

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
                        + "timeout, verifyPeer, cacert (rediss), master and sentinelPassword (Sentinel)");
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
        if (!tls && (url.params().containsKey("verifyPeer") || url.params().containsKey("cacert"))) {
            throw new IllegalArgumentException("verifyPeer and cacert apply to TLS only; use rediss" + scheme.substring(5)
                    + ":// in " + url);
        }
        boolean verifyPeer = url.booleanParam("verifyPeer", true);
        Path caCert = null;
        String ca = url.param("cacert", null);
        if (ca != null) {
            if (ca.isEmpty()) {
                throw new IllegalArgumentException("cacert is empty in " + url);
            }
            caCert = Path.of(ca);
            if (!Files.isReadable(caCert)) {
                throw new IllegalArgumentException("cacert file " + caCert + " is not readable, in " + url);
            }
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
        return new RedisSettings(mode, tls, verifyPeer, caCert, user, password, database, master, sentinelPassword,
                connect, timeout, hosts, url.masked(), readFrom);
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
