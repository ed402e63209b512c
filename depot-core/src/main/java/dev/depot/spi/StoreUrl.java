package dev.depot.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A parsed store URL. Two shapes are understood:
 * <ul>
 *   <li>hierarchical: {@code scheme://[user[:password]@]host[:port][,host[:port]...][/path][?k=v&...]},
 *       for servers (several hosts for standbys, Sentinel or Cluster seeds);</li>
 *   <li>opaque: {@code scheme:path[?k=v&...]}, for files and folders, e.g.
 *       {@code sqlite:./depot-data/depot.db} or {@code memory:}.</li>
 * </ul>
 * User, password, path and parameters are percent-decoded.
 *
 * <p>JDBC URLs are read too, as the Depot URL they name: {@code jdbc:postgresql://...} as
 * {@code postgresql://...}, {@code jdbc:mariadb://...} and {@code jdbc:mysql://...} as
 * {@code mariadb://...} and {@code mysql://...}, {@code jdbc:sqlite:FILE} as {@code sqlite:FILE};
 * their {@code user} and {@code password} parameters become the URL's user and password (so they
 * are masked like one), and {@link #jdbc()} tells the store provider that the other parameters
 * were written for the JDBC driver. Other JDBC URLs (another database, a driver mode such as
 * {@code jdbc:mysql:replication://}) are refused by name.
 *
 * <p>{@link #toString()} masks the password, so a URL that reaches a log or an exception
 * message never carries it. Immutable and thread-safe.
 *
 * <p>This class is long because it is the one parser every store trusts: both URL shapes,
 * percent-decoding, host lists, the typed parameter readers and masking live together.
 */
public final class StoreUrl {
    /** A host and its port; the port is -1 when the URL gives none. */
    public record Host(String host, int port) {
        @Override
        public String toString() {
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return port < 0 ? h : h + ":" + port;
        }
    }

    private final String scheme;
    private final boolean hierarchical;
    private final String user;
    private final String password;
    private final List<Host> hosts;
    private final String path;
    private final Map<String, String> params;
    private final boolean jdbc;

    /** The databases whose JDBC URLs Depot reads, by JDBC sub-protocol. */
    private static final java.util.Set<String> JDBC_SUBPROTOCOLS = java.util.Set.of("postgresql", "mariadb", "mysql", "sqlite");

    private StoreUrl(String scheme, boolean hierarchical, String user, String password,
                     List<Host> hosts, String path, Map<String, String> params) {
        this(scheme, hierarchical, user, password, hosts, path, params, false);
    }

    private StoreUrl(String scheme, boolean hierarchical, String user, String password,
                     List<Host> hosts, String path, Map<String, String> params, boolean jdbc) {
        this.jdbc = jdbc;
        this.scheme = scheme;
        this.hierarchical = hierarchical;
        this.user = user;
        this.password = password;
        this.hosts = List.copyOf(hosts);
        this.path = path;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Parses a URL.
     *
     * @throws IllegalArgumentException when it has no scheme or a malformed host or port; the
     *                                  message shows the URL with its password masked
     */
    public static StoreUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        int colon = url.indexOf(':');
        if (colon <= 0 || !url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new IllegalArgumentException("store URL needs a scheme such as sqlite:, memory:, postgres://, redis://: "
                    + SecretMasker.maskUrlText(url));
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = url.substring(colon + 1);
        if (scheme.equals("jdbc")) {
            return parseJdbc(url, rest);
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Map<String, String> params = parseQuery(query);
        if (!rest.startsWith("//")) {
            return new StoreUrl(scheme, false, null, null, List.of(), decode(rest), params);
        }
        rest = rest.substring(2);
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int c = info.indexOf(':');
            user = decode(c >= 0 ? info.substring(0, c) : info);
            password = c >= 0 ? decode(info.substring(c + 1)) : null;
            if (user.isEmpty()) {
                user = null;
            }
        }
        List<Host> hosts = new ArrayList<>();
        if (!authority.isEmpty()) {
            for (String part : authority.split(",")) {
                hosts.add(parseHost(part, url));
            }
        }
        return new StoreUrl(scheme, true, user, password, hosts, path, params);
    }

    /**
     * {@code jdbc:SUBPROTOCOL:...} read as the Depot URL {@code SUBPROTOCOL:...}, with its
     * {@code user} and {@code password} parameters moved into the user part.
     */
    private static StoreUrl parseJdbc(String url, String rest) {
        int colon = rest.indexOf(':');
        String sub = colon > 0 ? rest.substring(0, colon).toLowerCase(Locale.ROOT) : rest;
        if (!JDBC_SUBPROTOCOLS.contains(sub)) {
            throw new IllegalArgumentException("Depot reads jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: and jdbc:sqlite: URLs,"
                    + " not jdbc:" + sub + ": in " + SecretMasker.maskUrlText(url));
        }
        if (!sub.equals("sqlite") && !rest.startsWith("//", colon + 1)) {
            // jdbc:mysql:replication://, jdbc:mariadb:sequential://, jdbc:postgresql:db (no host)
            throw new IllegalArgumentException("a jdbc:" + sub + " URL for Depot is jdbc:" + sub
                    + "://[host[:port][,host[:port]...]]/database[?user=U&password=P&...]; driver modes and host-less forms"
                    + " are not read, in " + SecretMasker.maskUrlText(url));
        }
        StoreUrl inner = parse(rest);
        Map<String, String> params = new LinkedHashMap<>(inner.params);
        String user = jdbcCredential(url, "user", inner.user, params.remove("user"));
        String password = jdbcCredential(url, "password", inner.password, params.remove("password"));
        return new StoreUrl(inner.scheme, inner.hierarchical, user, password, inner.hosts, inner.path, params, true);
    }

    /** The user or password of a JDBC URL: from the user part or the parameter, which must agree when both are given. */
    private static String jdbcCredential(String url, String what, String fromUserInfo, String fromParam) {
        if (fromParam == null || fromParam.isEmpty()) {
            return fromUserInfo;
        }
        if (fromUserInfo != null && !fromUserInfo.equals(fromParam)) {
            throw new IllegalArgumentException("the " + what + " in the user part and the " + what
                    + " parameter differ; give one of them, in " + SecretMasker.maskUrlText(url));
        }
        return fromParam;
    }

    /**
     * True when this URL was written as a JDBC URL ({@code jdbc:postgresql://...}): its parameters
     * other than the store's own were meant for the JDBC driver, and a provider that passes such
     * parameters on may do so instead of refusing them.
     */
    public boolean jdbc() {
        return jdbc;
    }

    private static Host parseHost(String part, String url) {
        String host;
        String port = null;
        if (part.startsWith("[")) {
            int end = part.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("unclosed [ in host of " + SecretMasker.maskUrlText(url));
            }
            host = part.substring(1, end);
            if (end + 1 < part.length()) {
                if (part.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("malformed host '" + part + "' in " + SecretMasker.maskUrlText(url));
                }
                port = part.substring(end + 2);
            }
        } else {
            int c = part.lastIndexOf(':');
            host = c >= 0 ? part.substring(0, c) : part;
            port = c >= 0 ? part.substring(c + 1) : null;
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host in " + SecretMasker.maskUrlText(url));
        }
        int p = -1;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -2;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port '" + port + "' is not a number from 1 to 65535 in " + SecretMasker.maskUrlText(url));
            }
        }
        return new Host(host, p);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq >= 0 ? pair.substring(0, eq) : pair);
            String v = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
            params.put(k, v);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding in store URL", e);
        }
    }

    public String scheme() {
        return scheme;
    }

    /** True for {@code scheme://...} URLs, false for {@code scheme:path}. */
    public boolean hierarchical() {
        return hierarchical;
    }

    /** The user, or null. */
    public String user() {
        return user;
    }

    /** The password, or null. Never log it; {@link #toString()} masks it. */
    public String password() {
        return password;
    }

    public List<Host> hosts() {
        return hosts;
    }

    /** The database name or file path, decoded; empty when absent. */
    public String path() {
        return path;
    }

    public Map<String, String> params() {
        return params;
    }

    /** A parameter, or {@code fallback} when absent. */
    public String param(String name, String fallback) {
        return params.getOrDefault(name, fallback);
    }

    /**
     * A boolean parameter read by {@link SettingValues#parseBoolean}, or {@code fallback} when it
     * is absent or blank.
     *
     * @throws IllegalArgumentException naming the parameter and this URL (masked) when it is not a boolean
     */
    public boolean booleanParam(String name, boolean fallback) {
        return typedParam(name, fallback, v -> SettingValues.parseBoolean(name, v));
    }

    /**
     * A duration parameter read by {@link SettingValues#parseDuration(String, String, Duration, Duration)}
     * (a bare number is milliseconds), or {@code fallback} when it is absent or blank.
     *
     * @throws IllegalArgumentException naming the parameter, the bounds and this URL (masked) when it is out of them
     */
    public Duration durationParam(String name, Duration fallback, Duration min, Duration max) {
        return typedParam(name, fallback, v -> SettingValues.parseDuration(name, v, min, max));
    }

    /**
     * A whole-number parameter read by {@link SettingValues#parseLong}, or {@code fallback} when
     * it is absent or blank.
     *
     * @throws IllegalArgumentException naming the parameter, the bounds and this URL (masked) when it is out of them
     */
    public long longParam(String name, long fallback, long min, long max) {
        return typedParam(name, fallback, v -> SettingValues.parseLong(name, v, min, max));
    }

    private <T> T typedParam(String name, T fallback, Function<String, T> parse) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", in " + masked(), e);
        }
    }

    /** The URL with the password (and password-like parameters) replaced by {@value SecretMasker#MASK}. */
    public String masked() {
        return render(true);
    }

    /**
     * The URL without its password (and without password-like parameters): what Depot records
     * in the session folder. Two URLs of the same store compare equal in this form even when
     * the password changed.
     */
    public String withoutPassword() {
        return render(false);
    }

    /** True when the URL carries a password, in the user part or a parameter. */
    public boolean hasPassword() {
        return password != null || params.entrySet().stream().anyMatch(StoreUrl::isSecret);
    }

    private static boolean isSecret(Map.Entry<String, String> param) {
        return SecretMasker.isSecretParam(param.getKey(), param.getValue());
    }

    /**
     * This URL with {@code extra} parameters added where it has none of that name: a parameter
     * written in the URL wins. How a store receives the parameters set apart from its URL
     * ({@link dev.depot.DepotConfig#storeParams()}).
     */
    public StoreUrl withDefaultParams(Map<String, String> extra) {
        if (extra.isEmpty() || params.keySet().containsAll(extra.keySet())) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(params);
        extra.forEach(merged::putIfAbsent);
        return new StoreUrl(scheme, hierarchical, user, password, hosts, path, merged, jdbc);
    }

    /** This URL without the parameters named in {@code names} (the same URL when it has none of them). */
    public StoreUrl withoutParams(java.util.Set<String> names) {
        if (java.util.Collections.disjoint(params.keySet(), names)) {
            return this;
        }
        Map<String, String> kept = new LinkedHashMap<>(params);
        kept.keySet().removeAll(names);
        return new StoreUrl(scheme, hierarchical, user, password, hosts, path, kept, jdbc);
    }

    private String render(boolean mask) {
        StringBuilder sb = new StringBuilder(scheme).append(':');
        if (hierarchical) {
            sb.append("//");
            if (user != null) {
                sb.append(escape(user, ":@/?#&=%"));
                if (password != null && mask) {
                    sb.append(':').append(SecretMasker.MASK);
                }
                sb.append('@');
            }
            for (int i = 0; i < hosts.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(hosts.get(i));
            }
            if (!path.isEmpty()) {
                sb.append('/').append(escape(path, "?#%"));
            }
        } else {
            sb.append(escape(path, "?#%"));
        }
        if (!params.isEmpty() && (mask || params.entrySet().stream().anyMatch(e -> !isSecret(e)))) {
            sb.append('?');
            boolean first = true;
            for (Map.Entry<String, String> e : params.entrySet()) {
                boolean secret = isSecret(e);
                if (secret && !mask) {
                    continue;
                }
                String value = secret ? SecretMasker.maskParam(e.getKey(), e.getValue()) : e.getValue();
                sb.append(first ? "" : "&").append(escape(e.getKey(), "&=#%+"))
                        .append('=').append(escape(value, "&=#%+"));
                first = false;
            }
        }
        return sb.toString();
    }

    /** Percent-encodes the given characters (and controls and spaces), so the rendered URL parses back. */
    private static String escape(String s, String special) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || special.indexOf(c) >= 0) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreUrl u && scheme.equals(u.scheme) && hierarchical == u.hierarchical
                && Objects.equals(user, u.user) && Objects.equals(password, u.password)
                && hosts.equals(u.hosts) && path.equals(u.path) && params.equals(u.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, user, hosts, path, params);
    }
}
