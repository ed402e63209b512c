package dev.depot;

import dev.depot.internal.BlobEnvironment;
import dev.depot.internal.EnvironmentUrl;
import dev.depot.spi.ReadFrom;
import dev.depot.spi.SecretMasker;
import dev.depot.spi.SettingValues;
import dev.depot.spi.StoreNames;
import dev.depot.spi.StoreUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every setting of {@link DepotConfig}, each declared once: name, default, check, environment
 * variable and how it is shown. To add a setting, declare it here, add it to {@link #ALL}, and
 * add its one-line accessor to {@link DepotConfig} and one-line method to its builder; a check
 * that involves two settings goes into {@link DepotConfig.Builder#build()}.
 */
final class DepotSettings {
    private DepotSettings() {}

    static final Setting<String> URL = Setting.url("url", DepotConfig.DEFAULT_URL).env(EnvironmentUrl::resolve);
    static final Setting<String> PREFIX = Setting.of("prefix", DepotConfig.DEFAULT_PREFIX).checked((n, p) -> {
        StoreNames.validatePrefix(p);
        return p;
    }).env("DEPOT_PREFIX", (n, v) -> v);
    static final Setting<Path> SESSION_DIR = Setting.<Path>of("sessionDir", null).env("DEPOT_SESSION_DIR", (n, v) -> Path.of(v));
    static final Setting<Duration> CACHE_TTL = Setting.duration("cacheTtl", Duration.ofMinutes(5), Duration.ZERO);
    static final Setting<Duration> SNAPSHOT_INTERVAL = Setting.duration("snapshotInterval", Duration.ofSeconds(30), Duration.ZERO);
    static final Setting<Integer> PAGE_SIZE = Setting.number("pageSize", 1000, 1, 100_000);
    static final Setting<Integer> MAX_CONNECTIONS = Setting.number("maxConnections", 10, 1, 1000).env(EnvironmentUrl::pool);
    static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("connectTimeout", Duration.ofSeconds(5), Duration.ofMillis(250));
    static final Setting<Duration> OPERATION_TIMEOUT = Setting.duration("operationTimeout", Duration.ofSeconds(5), Duration.ofMillis(100))
            .env("DEPOT_OPERATION_TIMEOUT", SettingValues::parseDuration);
    static final Setting<Integer> MAX_VALUE_BYTES = Setting.number("maxValueBytes", 64 << 20, 1, Integer.MAX_VALUE);
    static final Setting<String> MIGRATE_FROM = Setting.url("migrateFrom", null).env("DEPOT_MIGRATE_FROM", (n, v) -> v);
    static final Setting<Boolean> DROP_SOURCE = Setting.of("dropSourceAfterMigration", false)
            .env("DEPOT_DROP_SOURCE", Setting.bool());
    static final Setting<Boolean> AUTO_MIGRATE = Setting.of("autoMigrate", true);
    static final Setting<MigrationListener> MIGRATION_LISTENER = Setting.of("migrationListener", MigrationListener.NONE)
            .shown(l -> l == MigrationListener.NONE ? "none" : l.getClass().getName());
    static final Setting<Boolean> SHARED_ACCESS = Setting.of("sharedAccess", false).env("DEPOT_SHARED", Setting.bool());
    static final Setting<Duration> INVALIDATION_FALLBACK_TTL = Setting.duration("invalidationFallbackTtl", Duration.ofSeconds(1),
            Duration.ZERO).env("DEPOT_INVALIDATION_FALLBACK_TTL", SettingValues::parseDuration);
    static final Setting<Duration> LEASE_TTL = Setting.duration("leaseTtl", DepotConfig.DEFAULT_LEASE_TTL, Duration.ofMillis(500));
    /** Unset by default: {@link DepotConfig#leaseWait()} then derives it from the lease TTL. */
    static final Setting<Duration> LEASE_WAIT = Setting.duration("leaseWait", null, Duration.ZERO);
    static final Setting<LeaseListener> LEASE_LISTENER = Setting.of("leaseListener", LeaseListener.NONE)
            .shown(l -> l == LeaseListener.NONE ? "none" : l.getClass().getName());
    static final Setting<Boolean> ALLOW_EPHEMERAL = Setting.of("allowEphemeralTarget", false)
            .env("DEPOT_ALLOW_EPHEMERAL", Setting.bool());
    static final Setting<Boolean> CREATE_IF_MISSING = Setting.of("createIfMissing", true);
    static final Setting<String> BLOB_URL = Setting.url("blobUrl", null).env(BlobEnvironment::resolve);
    static final Setting<String> MIGRATE_BLOBS_FROM = Setting.url("migrateBlobsFrom", null)
            .env("DEPOT_MIGRATE_BLOBS_FROM", (n, v) -> v);
    static final Setting<Duration> SLOW_CALL_THRESHOLD = Setting.duration("slowCallThreshold", Duration.ofMillis(100),
            Duration.ZERO).env("DEPOT_SLOW_CALL_THRESHOLD", SettingValues::parseDuration);
    static final Setting<dev.depot.spi.DepotObserver> OBSERVER = Setting.of("observer", dev.depot.spi.DepotObserver.NONE)
            .shown(o -> o == dev.depot.spi.DepotObserver.NONE ? "none" : o.getClass().getName());
    /** Parameters of the store URL given apart from it; see {@link DepotConfig#storeParams()}. */
    static final Setting<Map<String, String>> STORE_PARAMS = Setting.<Map<String, String>>of("storeParams", Map.of())
            .checked((n, m) -> Map.copyOf(m)).env(DepotSettings::storeParamsFromEnv).shown(DepotSettings::showParams);

    /** Every setting, in the order {@code toString} shows them. */
    static final List<Setting<?>> ALL = List.of(URL, PREFIX, SESSION_DIR, CACHE_TTL, SNAPSHOT_INTERVAL, PAGE_SIZE,
            MAX_CONNECTIONS, CONNECT_TIMEOUT, OPERATION_TIMEOUT, MAX_VALUE_BYTES, MIGRATE_FROM, DROP_SOURCE, AUTO_MIGRATE,
            MIGRATION_LISTENER, SHARED_ACCESS, INVALIDATION_FALLBACK_TTL, LEASE_TTL, LEASE_WAIT, LEASE_LISTENER, ALLOW_EPHEMERAL, CREATE_IF_MISSING,
            BLOB_URL, MIGRATE_BLOBS_FROM, STORE_PARAMS, SLOW_CALL_THRESHOLD, OBSERVER);

    /** The PostgreSQL store's parameters that older versions took as settings, and their variables. */
    static final String PREPARED_STATEMENTS = "preparedStatements";
    static final String DIRECT_URL = "directUrl";
    static final String REPLICA_URL = "replicaUrl";
    /** Which variable sets each of those store parameters, for messages. */
    static final Map<String, String> PARAM_VARIABLES = Map.of(PREPARED_STATEMENTS, "PREPARED_STATEMENTS", DIRECT_URL,
            "DEPOT_DIRECT_URL", REPLICA_URL, "REPLICA_DATABASE_URL or REPLICA_DB_*");
    /** The stores that follow {@code readFrom} (PostgreSQL with a replica, Redis Sentinel and Cluster). */
    static final Set<String> READ_FROM_SCHEMES = Set.of("postgres", "postgresql", "redis-sentinel", "rediss-sentinel",
            "redis-cluster", "rediss-cluster");
    /** The stores that take those parameters. */
    static final Set<String> POSTGRES_SCHEMES = Set.of("postgres", "postgresql");

    /**
     * {@code PREPARED_STATEMENTS} and {@code DEPOT_DIRECT_URL}, kept working as store parameters;
     * {@code DEPOT_READ_FROM}, and the replica from {@code REPLICA_DATABASE_URL} or
     * {@code REPLICA_DB_*} as Mastodon reads them ({@link EnvironmentUrl#replica}).
     */
    private static Optional<Map<String, String>> storeParamsFromEnv(Map<String, String> env) {
        Map<String, String> params = new LinkedHashMap<>();
        Setting.variable(env, "PREPARED_STATEMENTS").ifPresent(v -> params.put(PREPARED_STATEMENTS,
                Boolean.toString(SettingValues.parseBoolean("PREPARED_STATEMENTS", v))));
        Setting.variable(env, "DEPOT_DIRECT_URL").ifPresent(v -> params.put(DIRECT_URL, checkDirectUrl(v)));
        Setting.variable(env, "DEPOT_READ_FROM").ifPresent(v -> params.put(ReadFrom.PARAM, v));
        // Mastodon's replica variables describe its PostgreSQL: they apply only when the store is PostgreSQL too
        boolean postgres = EnvironmentUrl.resolve(env).map(u -> POSTGRES_SCHEMES.contains(StoreUrl.parse(u).scheme()))
                .orElse(false);
        if (postgres) {
            EnvironmentUrl.replica(env).ifPresent(v -> params.put(REPLICA_URL, checkDirectUrl(v)));
        }
        return params.isEmpty() ? Optional.empty() : Optional.of(params);
    }

    /** A {@code directUrl} value: a URL that parses (failing with its password masked). */
    static String checkDirectUrl(String url) {
        StoreUrl.parse(url);
        return url;
    }

    private static String showParams(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .map(e -> e.getKey() + "=" + SecretMasker.maskParam(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
