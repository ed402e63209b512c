package dev.depot.redis.internal;

import dev.depot.spi.ReadFrom;
import dev.depot.spi.SecretMasker;
import dev.depot.spi.StoreUrl;
import io.lettuce.core.SslVerifyMode;
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
 * <p><b>Lettuce's spellings.</b> A URL written for Lettuce's {@code RedisURI.create} is accepted
 * as it is: {@code sentinelMasterId} (the same as {@code master}), {@code database} and
 * {@code db} (the same as the path), {@code verifyPeer=NONE|CA|FULL} ({@code CA} checks the
 * certificate chain but not the host name; Depot's {@code true}/{@code false} mean {@code FULL}
 * and {@code NONE}), {@code clientName}, {@code libraryName} and {@code libraryVersion} (what
 * {@code CLIENT LIST} and {@code CLIENT INFO} show), the schemes {@code redis+ssl://} and
 * {@code redis+tls://} (as {@code rediss://}), and {@code timeout} with Lettuce's units
 * {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}. One difference
 * stays: a {@code timeout} without a unit is milliseconds here (Depot's spelling since its first
 * version), where Lettuce reads seconds. Two spellings of one setting that disagree (say
 * {@code master=a&sentinelMasterId=b}, or {@code /1?database=2}) are an error naming both.
 * Lettuce's URIs carry no client certificate: mutual TLS is {@code cert} and {@code key} here.
 *
 * @param verifyMode     how the server's certificate is checked (TLS only): FULL by default
 * @param clientName     the connection name {@code CLIENT LIST} shows, {@code depot} by default
 * @param libraryName    the library name sent with {@code CLIENT SETINFO}, or null for Lettuce's
 * @param libraryVersion the library version sent with {@code CLIENT SETINFO}, or null for Lettuce's
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
        SslVerifyMode verifyMode,
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
        ReadFrom readFrom,
        String clientName,
        String libraryName,
        String libraryVersion) {

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
            "redis-cluster", "rediss-cluster", "redis+ssl", "redis+tls");
    /** Lettuce's names for {@code rediss}. */
    private static final Set<String> TLS_ALIASES = Set.of("redis+ssl", "redis+tls");
    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final Set<String> PARAMS = Set.of("timeout", "verifyPeer", "cacert", "cert", "key", "master",
            "sentinelPassword", "waitReplicas", ReadFrom.PARAM,
            // Lettuce's RedisURI parameters
            "sentinelMasterId", "database", "db", "clientName", "libraryName", "libraryVersion");
    private static final String DEFAULT_CLIENT_NAME = "depot";
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
        if (TLS_ALIASES.contains(scheme)) {
            scheme = "rediss";
        }
        if (!url.hierarchical()) {
            throw new IllegalArgumentException("a Redis URL looks like " + scheme + "://host:port, not " + url);
        }
        for (String p : url.params().keySet()) {
            if (!PARAMS.contains(p)) {
                throw new IllegalArgumentException("unknown parameter '" + p + "' in " + url + "; Redis URLs accept "
                        + "timeout, verifyPeer, cacert, cert, key (rediss), master or sentinelMasterId and sentinelPassword"
                        + " (Sentinel), database or db, clientName, libraryName, libraryVersion, waitReplicas, readFrom");
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
        SslVerifyMode verifyMode = verifyMode(url);
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
        String path = one(url, "the path", url.path().isEmpty() ? null : url.path(), "database", "db");
        if (path != null) {
            if (!path.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("the database of a Redis URL (its path, database or db) is the database number, not '" + path + "', in " + url);
            }
            database = Integer.parseInt(path);
            if (mode == Mode.CLUSTER && database != 0) {
                throw new IllegalArgumentException("Redis Cluster has database 0 only, not " + database + ", in " + url);
            }
        }
        String master = one(url, "master", url.param("master", null), "sentinelMasterId");
        if (mode == Mode.SENTINEL && (master == null || master.isEmpty())) {
            throw new IllegalArgumentException("a Sentinel URL needs ?master=NAME or ?sentinelMasterId=NAME (the monitored"
                    + " master's name), in " + url);
        }
        if (mode != Mode.SENTINEL && (master != null || url.params().containsKey("sentinelPassword"))) {
            throw new IllegalArgumentException("master, sentinelMasterId and sentinelPassword apply to redis-sentinel:// URLs"
                    + " only, in " + url);
        }
        String sentinelPassword = url.param("sentinelPassword", null);
        int waitReplicas = (int) url.longParam("waitReplicas", 0, 0, MAX_WAIT_REPLICAS);
        if (waitReplicas > 0 && mode == Mode.CLUSTER) {
            throw new IllegalArgumentException("waitReplicas is not supported on " + scheme + ":// (WAIT would have to follow "
                    + "each write to the node that took it, through MOVED and ASK), in " + url);
        }
        Duration timeout = timeout(url);
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
        String clientName = url.param("clientName", DEFAULT_CLIENT_NAME);
        if (clientName.isEmpty() || !clientName.matches("[!-~]{1,64}")) {
            // CLIENT SETNAME refuses spaces; a name Redis refuses would fail every connection late
            throw new IllegalArgumentException("clientName must be 1 to 64 visible ASCII characters without spaces, not '"
                    + clientName + "', in " + url);
        }
        String libraryName = url.param("libraryName", null);
        String libraryVersion = url.param("libraryVersion", null);
        return new RedisSettings(mode, tls, verifyMode, caCert, clientCert, clientKey, user, password, database, master,
                sentinelPassword, connect, timeout, hosts, url.masked(), waitReplicas, readFrom, clientName, libraryName,
                libraryVersion);
    }

    /** True unless the server's certificate goes unchecked ({@code verifyPeer=false} or {@code NONE}). */
    boolean verifyPeer() {
        return verifyMode != SslVerifyMode.NONE;
    }

    /**
     * {@code verifyPeer}: Depot's booleans ({@code true} is {@code FULL}) or Lettuce's
     * {@code NONE}, {@code CA}, {@code FULL}, in any case.
     */
    private static SslVerifyMode verifyMode(StoreUrl url) {
        String v = url.param("verifyPeer", null);
        if (v == null || v.isBlank()) {
            return SslVerifyMode.FULL;
        }
        for (SslVerifyMode m : SslVerifyMode.values()) {
            if (m.name().equalsIgnoreCase(v.trim())) {
                return m;
            }
        }
        return url.booleanParam("verifyPeer", true) ? SslVerifyMode.FULL : SslVerifyMode.NONE;
    }

    /**
     * {@code timeout}: Depot's durations (a bare number is milliseconds) plus Lettuce's
     * {@code ns} and {@code us}, from 1 ms to 1 h.
     */
    private static Duration timeout(StoreUrl url) {
        String v = url.param("timeout", null);
        if (v != null) {
            var m = java.util.regex.Pattern.compile("\\s*([0-9]{1,18})\\s*(ns|us)\\s*").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = m.group(2).equals("ns") ? Duration.ofNanos(n) : Duration.ofNanos(Math.multiplyExact(n, 1000L));
                if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
                    throw new IllegalArgumentException("timeout must be from 1ms to 1h, not '" + v + "', in " + url);
                }
                return d;
            }
        }
        return url.durationParam("timeout", null, Duration.ofMillis(1), Duration.ofHours(1));
    }

    /**
     * The one value of a setting that the URL may spell several ways: {@code first} (already
     * read, null when absent, described as {@code firstName}) and the parameters {@code others}.
     * Null when none is given.
     *
     * @throws IllegalArgumentException when two spellings give different values
     */
    private static String one(StoreUrl url, String firstName, String first, String... others) {
        String value = first;
        String from = firstName;
        for (String name : others) {
            String v = url.param(name, null);
            if (v == null) {
                continue;
            }
            if (value != null && !value.equals(v)) {
                throw new IllegalArgumentException(from + " says '" + value + "' but " + name + " says '" + v
                        + "'; give one of them, in " + url);
            }
            if (value == null) {
                value = v;
                from = name;
            }
        }
        return value;
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
