package dev.depot.internal;

import dev.depot.spi.SettingValues;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the variables operators already have into a store URL. The first source that is set
 * wins: {@code DEPOT_URL}; {@code DATABASE_URL}; the Mastodon-style {@code DB_HOST} family
 * (PostgreSQL); {@code REDIS_URL}; the {@code REDIS_HOST} / {@code REDIS_SENTINELS} family.
 */
public final class EnvironmentUrl {
    private EnvironmentUrl() {}

    public static Optional<String> resolve(Map<String, String> env) {
        String depot = get(env, "DEPOT_URL");
        if (depot != null) {
            return Optional.of(depot);
        }
        String database = get(env, "DATABASE_URL");
        if (database != null) {
            return Optional.of(database);
        }
        String dbHost = get(env, "DB_HOST");
        if (dbHost != null) {
            return Optional.of(postgres(env, ""));
        }
        String redis = get(env, "REDIS_URL");
        if (redis != null) {
            return Optional.of(redis);
        }
        String sentinels = get(env, "REDIS_SENTINELS");
        String redisHost = get(env, "REDIS_HOST");
        String db = get(env, "REDIS_DB");
        if (get(env, "REDIS_USER") != null && get(env, "REDIS_PASSWORD") == null) {
            throw new IllegalArgumentException("REDIS_USER is set but REDIS_PASSWORD is not: a Redis ACL user needs its password");
        }
        String auth = userInfo(get(env, "REDIS_USER"), get(env, "REDIS_PASSWORD"));
        if (sentinels != null) {
            String master = get(env, "REDIS_SENTINEL_MASTER");
            if (master == null) {
                throw new IllegalArgumentException("REDIS_SENTINELS is set but REDIS_SENTINEL_MASTER is not: name the master");
            }
            return Optional.of("redis-sentinel://" + auth + sentinels.replace(" ", "") + (db == null ? "" : "/" + db)
                    + "?master=" + encode(master));
        }
        if (redisHost != null) {
            return Optional.of("redis://" + auth + host(redisHost) + ":" + or(get(env, "REDIS_PORT"), "6379")
                    + (db == null ? "" : "/" + db));
        }
        return Optional.empty();
    }

    /**
     * The read replica's URL as Mastodon reads it: {@code REPLICA_DATABASE_URL} when set; else,
     * when {@code REPLICA_DB_NAME} is set, a {@code postgres://} URL from {@code REPLICA_DB_HOST},
     * {@code REPLICA_DB_PORT}, {@code REPLICA_DB_NAME}, {@code REPLICA_DB_USER} and
     * {@code REPLICA_DB_PASS}, each falling back to its {@code DB_*} variable (and
     * {@code DB_SSLMODE}); else empty.
     */
    public static Optional<String> replica(Map<String, String> env) {
        String url = get(env, "REPLICA_DATABASE_URL");
        if (url != null) {
            return Optional.of(url);
        }
        if (get(env, "REPLICA_DB_NAME") == null) {
            return Optional.empty();
        }
        return Optional.of(postgres(env, "REPLICA_"));
    }

    /** A {@code postgres://} URL from the {@code <prefix>DB_*} variables, each falling back to {@code DB_*}. */
    private static String postgres(Map<String, String> env, String prefix) {
        String url = "postgres://" + userInfo(var(env, prefix, "DB_USER"), var(env, prefix, "DB_PASS"))
                + host(or(var(env, prefix, "DB_HOST"), "localhost")) + ":" + or(var(env, prefix, "DB_PORT"), "5432") + "/"
                + encode(or(var(env, prefix, "DB_NAME"), "postgres"));
        String sslmode = get(env, "DB_SSLMODE");
        return sslmode == null ? url : url + "?sslmode=" + encode(sslmode);
    }

    private static String var(Map<String, String> env, String prefix, String name) {
        String v = get(env, prefix + name);
        return v != null ? v : get(env, name);
    }

    /** {@code DB_POOL}, when set: the most connections. */
    public static Optional<Integer> pool(Map<String, String> env) {
        String pool = get(env, "DB_POOL");
        if (pool == null) {
            return Optional.empty();
        }
        return Optional.of((int) SettingValues.parseLong("DB_POOL", pool, 1, Integer.MAX_VALUE));
    }

    private static String userInfo(String user, String password) {
        if (user == null && password == null) {
            return "";
        }
        return (user == null ? "" : encode(user)) + (password == null ? "" : ":" + encode(password)) + "@";
    }

    private static String host(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String or(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
