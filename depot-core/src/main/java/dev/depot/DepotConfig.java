package dev.depot;

import static dev.depot.DepotSettings.*;

import dev.depot.spi.DepotObserver;
import dev.depot.spi.ReadFrom;
import dev.depot.spi.StoreUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Immutable settings of one {@link Depot}: which store, which prefix, where the local state
 * lives, and the limits. Built with {@link #builder()}, read from the environment with
 * {@link #fromEnv()}, or derived from a URL by {@link Depot#open(String)}; changed only by
 * building a new one with {@link #toBuilder()}.
 *
 * <p>The builder rejects nonsense at once, naming the setting: a malformed URL or prefix, a
 * negative duration, a zero pool. Thread-safe because immutable. {@link #toString()} shows every
 * setting, with passwords masked.
 *
 * <p>This class is long because it is the public face of two dozen settings: each has a typed
 * accessor and a builder method, both one-line delegations with the setting's contract in their
 * Javadoc. The settings themselves (default, check, environment variable, masking) are declared
 * once, in {@code DepotSettings}, and copying, {@code toString} and {@code fromEnv} walk that table.
 */
public final class DepotConfig {
    /** The embedded default store: an SQLite file in a local folder. */
    public static final String DEFAULT_URL = "sqlite:./depot-data/depot.db";
    /** The prefix used when none is set. */
    public static final String DEFAULT_PREFIX = "depot";
    /** Largest encoded key, in bytes. Fits every store's primary-key limit (MySQL's is the strictest). */
    public static final int MAX_KEY_BYTES = 512;
    /** How long the session lease lasts without renewal, unless set. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
    /** The folder used for local state when none is set, if it exists: where the default SQLite file lives. */
    public static final Path DEFAULT_SESSION_DIR = Path.of("depot-data");

    /** Every setting's value by name, in the order of {@link DepotSettings#ALL}; null for an unset optional one. */
    private final Map<String, Object> values;

    private DepotConfig(Map<String, Object> values) {
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting<T> setting) {
        return (T) values.get(setting.name());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings from the process environment. The store URL comes from the first of these that
     * is set: {@code DEPOT_URL}; {@code DATABASE_URL}; {@code DB_HOST} with {@code DB_PORT},
     * {@code DB_NAME}, {@code DB_USER}, {@code DB_PASS}, {@code DB_SSLMODE} (PostgreSQL);
     * {@code REDIS_URL}; {@code REDIS_SENTINELS} with {@code REDIS_SENTINEL_MASTER}, or
     * {@code REDIS_HOST} with {@code REDIS_PORT} (both with {@code REDIS_USER},
     * {@code REDIS_PASSWORD}, {@code REDIS_DB}); else {@link #DEFAULT_URL}. Also read:
     * {@code DEPOT_PREFIX}, {@code DEPOT_SESSION_DIR}, {@code DEPOT_MIGRATE_FROM},
     * {@code DEPOT_DROP_SOURCE}, {@code DEPOT_SHARED}, {@code DEPOT_ALLOW_EPHEMERAL},
     * {@code DEPOT_OPERATION_TIMEOUT}, {@code DB_POOL} (most connections), the blob store's
     * variables ({@code DEPOT_BLOB_URL}, ...), {@code DEPOT_MIGRATE_BLOBS_FROM}, and for a
     * PostgreSQL store {@code PREPARED_STATEMENTS} ({@code false} behind PgBouncer in transaction
     * mode) and {@code DEPOT_DIRECT_URL}, which become {@linkplain #storeParams() store parameters}.
     *
     * @throws IllegalArgumentException naming the variable when one is malformed, or the
     *                                  settings when they contradict each other (see {@link Builder#build()})
     */
    public static DepotConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Like {@link #fromEnv()}, reading the given variables instead of the process's. */
    public static DepotConfig fromEnv(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        Builder b = builder();
        for (Setting<?> s : ALL) {
            b.setFromEnv(s, env);
        }
        return b.build();
    }

    /** A builder holding these settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        // a setting left at its default counts as not set, so a copy may still add a setting
        // that excludes it (sharedAccess after the default leaseTtl)
        for (Setting<?> s : ALL) {
            if (!Objects.equals(values.get(s.name()), s.initial())) {
                b.set.add(s.name());
            }
        }
        return b;
    }

    /** The store URL, including any password: never log it; use {@link #maskedUrl()}. */
    public String url() {
        return get(URL);
    }

    /** The store URL with its password masked. */
    public String maskedUrl() {
        return StoreUrl.parse(url()).masked();
    }

    /** Namespace of every table and key of this instance; {@code [A-Za-z0-9_]}, starting with a letter. */
    public String prefix() {
        return get(PREFIX);
    }

    /**
     * Folder for local state, if set: {@code depot-state.json} (which store each prefix uses, for
     * automatic migration) and the memory store's snapshot. When unset, {@link #DEFAULT_SESSION_DIR}
     * is used for the state file if it exists; otherwise the state lives only in the store.
     */
    public Optional<Path> sessionDir() {
        return Optional.ofNullable(get(SESSION_DIR));
    }

    /**
     * The session folder in force, by the one rule every part uses (state file, memory
     * snapshots and locks, the filesystem blob store's {@code media/}): {@link #sessionDir()} when
     * set; otherwise {@link #DEFAULT_SESSION_DIR} when that folder exists; otherwise none, and
     * the state lives only in the store.
     */
    public Optional<Path> sessionFolder() {
        return dev.depot.internal.SessionFolder.of(this);
    }

    /** How long a cached entry may be served; zero turns the cache off. */
    public Duration cacheTtl() {
        return get(CACHE_TTL);
    }

    /** How often the memory store writes its snapshot, besides on close; zero: only on close. */
    public Duration snapshotInterval() {
        return get(SNAPSHOT_INTERVAL);
    }

    /** Entries per page for iteration and per batch for {@code putAll}. */
    public int pageSize() {
        return get(PAGE_SIZE);
    }

    /** Most connections one {@link Depot} holds to a server store, however many maps are open. */
    public int maxConnections() {
        return get(MAX_CONNECTIONS);
    }

    /** How long to wait for a connection before {@link StoreUnavailableException}. */
    public Duration connectTimeout() {
        return get(CONNECT_TIMEOUT);
    }

    /**
     * Parameters of the store URL given apart from it, by {@link Builder#storeParam} or the
     * environment ({@code PREPARED_STATEMENTS}, {@code DEPOT_DIRECT_URL}). The store reads them
     * exactly as if they were in its URL, and refuses a name it does not know; a parameter
     * written in the URL wins. Unlike the URL, they are not part of the store's identity (what
     * the session folder records), so moving a parameter here never looks like a change of store.
     * Values may hold passwords (a {@code directUrl}): never log them. Empty by default.
     */
    public Map<String, String> storeParams() {
        return get(STORE_PARAMS);
    }

    /**
     * False behind PgBouncer in transaction mode: the PostgreSQL store's {@code preparedStatements}
     * parameter, from the URL or {@link #storeParams()}; true when neither sets it.
     *
     * @deprecated a parameter of the PostgreSQL store URL now: read it there
     */
    @Deprecated
    public boolean preparedStatements() {
        return StoreUrl.parse(url()).withDefaultParams(storeParams()).booleanParam(PREPARED_STATEMENTS, true);
    }

    /**
     * A URL that bypasses a connection pooler, used for DDL: the PostgreSQL store's
     * {@code directUrl} parameter, from the URL or {@link #storeParams()}; empty when DDL uses {@link #url()}.
     *
     * @deprecated a parameter of the PostgreSQL store URL now: read it there
     */
    @Deprecated
    public Optional<String> directUrl() {
        return Optional.ofNullable(StoreUrl.parse(url()).withDefaultParams(storeParams()).param(DIRECT_URL, null));
    }

    /** Largest encoded value, in bytes. */
    public int maxValueBytes() {
        return get(MAX_VALUE_BYTES);
    }

    /** A store to copy every map of this prefix from when opening, if set. Contains any password: never log it. */
    public Optional<String> migrateFrom() {
        return Optional.ofNullable(get(MIGRATE_FROM));
    }

    /** Whether the source's maps are deleted once a migration has copied and verified them. */
    public boolean dropSourceAfterMigration() {
        return get(DROP_SOURCE);
    }

    /**
     * Whether {@code open} migrates by itself when the session folder records another store for
     * this prefix. True by default; tools that only look at a store turn it off.
     */
    public boolean autoMigrate() {
        return get(AUTO_MIGRATE);
    }

    /**
     * False (the default): this instance owns the prefix and a second {@code open} of it fails
     * with {@link SessionLockedException}. True: processes that mean to share the maps (web
     * workers) open them together; no lease is taken.
     */
    public boolean sharedAccess() {
        return get(SHARED_ACCESS);
    }

    /**
     * With {@link #sharedAccess()} on a store with a change feed: how long a cached value may be
     * served while the feed is down ({@link ChangeFeedState#DISCONNECTED}), which is then the
     * bound on staleness; zero caches nothing while it is down. Default 1 s; environment
     * variable {@code DEPOT_INVALIDATION_FALLBACK_TTL}.
     */
    public Duration invalidationFallbackTtl() {
        return get(INVALIDATION_FALLBACK_TTL);
    }

    /** How long the session lease lasts without renewal; it is renewed every third of that. */
    public Duration leaseTtl() {
        return get(LEASE_TTL);
    }

    /**
     * How long one store operation may take before it fails with
     * {@link StoreUnavailableException}: the bound on a server that stops answering (a SIGSTOPped
     * or partitioned server). Default 5 seconds.
     */
    public Duration operationTimeout() {
        return get(OPERATION_TIMEOUT);
    }

    /**
     * Where {@link Depot#blobs()} keeps objects: {@code file:<folder>} or {@code s3://bucket?...}.
     * Empty: the filesystem store in the session folder's {@code media/}. Contains any secret:
     * never log it.
     */
    public Optional<String> blobUrl() {
        return Optional.ofNullable(get(BLOB_URL));
    }

    /** A blob store to copy every object from when opening, if set. Contains any secret: never log it. */
    public Optional<String> migrateBlobsFrom() {
        return Optional.ofNullable(get(MIGRATE_BLOBS_FROM));
    }

    /**
     * How long {@code open} waits for the lease of an owner on another machine to lapse before
     * it fails with {@link SessionLockedException}; it fails sooner when it sees the owner renew.
     * Default: {@link #leaseTtl()} plus a sixth of it. An owner on this machine whose process is
     * gone is taken over at once.
     */
    public Duration leaseWait() {
        Duration wait = get(LEASE_WAIT);
        return wait != null ? wait : leaseTtl().plus(leaseTtl().dividedBy(6));
    }

    /** Told when the lease is lost or regained; a no-op by default. */
    public LeaseListener leaseListener() {
        return get(LEASE_LISTENER);
    }

    /**
     * Whether a migration may move maps into a store that keeps nothing after close
     * ({@code memory:} without a folder). False by default: such a switch is refused.
     */
    public boolean allowEphemeralTarget() {
        return get(ALLOW_EPHEMERAL);
    }

    /**
     * True (the default): files, databases, tables and the prefix's records are created when
     * missing. False: {@code open} only looks at what exists, creates and records nothing, and
     * fails with {@link NoSuchStoreException} when there is nothing; tools that inspect a store use it.
     */
    public boolean createIfMissing() {
        return get(CREATE_IF_MISSING);
    }

    /** Told about migration progress; a no-op by default. */
    public MigrationListener migrationListener() {
        return get(MIGRATION_LISTENER);
    }

    /**
     * A store call that takes at least this long is recorded as a JFR event
     * ({@code dev.depot.SlowStoreCall}) while a recording is on. Default 100 ms; zero records
     * every call. Environment: {@code DEPOT_SLOW_CALL_THRESHOLD}.
     */
    public Duration slowCallThreshold() {
        return get(SLOW_CALL_THRESHOLD);
    }

    /** Hears what the Depot does, for metrics ({@code DepotMetrics.of(registry)}); {@link DepotObserver#NONE} by default. */
    public DepotObserver observer() {
        return get(OBSERVER);
    }

    /**
     * Every setting as {@code name=value}, in a fixed order, with the passwords of every URL (the
     * store's, {@code migrateFrom}, the blob URLs, a {@code directUrl}) and password-like
     * parameters masked; {@code leaseWait} shows the value in force.
     */
    @Override
    public String toString() {
        return ALL.stream().map(this::describe).collect(Collectors.joining(", ", "DepotConfig[", "]"));
    }

    private String describe(Setting<?> s) {
        return s == LEASE_WAIT ? LEASE_WAIT.describe(leaseWait()) : describeValue(s);
    }

    private <T> String describeValue(Setting<T> s) {
        return s.describe(get(s));
    }

    /**
     * Builds a {@link DepotConfig}. Each setter validates its argument at once and throws
     * {@link IllegalArgumentException} (or {@link NullPointerException} for null) naming the
     * setting; settings that contradict each other fail at {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();
        /** The settings given explicitly, for the checks of {@link #build()}. */
        private final Set<String> set = new LinkedHashSet<>();

        private Builder() {
            for (Setting<?> s : ALL) {
                values.put(s.name(), s.initial());
            }
        }

        private <T> Builder put(Setting<T> setting, T value) {
            values.put(setting.name(), setting.accept(value));
            set.add(setting.name());
            return this;
        }

        private <T> void setFromEnv(Setting<T> setting, Map<String, String> env) {
            setting.fromEnv(env).ifPresent(v -> put(setting, v));
        }

        @SuppressWarnings("unchecked")
        private <T> T get(Setting<T> setting) {
            return (T) values.get(setting.name());
        }

        /** The store: {@code sqlite:FILE}, {@code memory:[DIR]}, or a server URL of an installed store module. */
        public Builder url(String url) {
            return put(URL, url);
        }

        public Builder prefix(String prefix) {
            return put(PREFIX, prefix);
        }

        public Builder sessionDir(Path dir) {
            return put(SESSION_DIR, dir);
        }

        public Builder cacheTtl(Duration ttl) {
            return put(CACHE_TTL, ttl);
        }

        public Builder snapshotInterval(Duration interval) {
            return put(SNAPSHOT_INTERVAL, interval);
        }

        public Builder pageSize(int pageSize) {
            return put(PAGE_SIZE, pageSize);
        }

        public Builder maxConnections(int max) {
            return put(MAX_CONNECTIONS, max);
        }

        public Builder connectTimeout(Duration timeout) {
            return put(CONNECT_TIMEOUT, timeout);
        }

        /**
         * A parameter of the store URL given apart from it (see {@link DepotConfig#storeParams()});
         * null removes it. The store refuses a name it does not know when it opens.
         */
        public Builder storeParam(String name, String value) {
            Objects.requireNonNull(name, "storeParam name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a store parameter needs a name");
            }
            Map<String, String> params = new LinkedHashMap<>(get(STORE_PARAMS));
            if (value == null) {
                params.remove(name);
            } else {
                params.put(name, DIRECT_URL.equals(name) ? DepotSettings.checkDirectUrl(value) : value);
            }
            return put(STORE_PARAMS, params);
        }

        /**
         * PostgreSQL only: {@code false} behind PgBouncer in transaction mode.
         *
         * @deprecated sets the PostgreSQL store's {@code preparedStatements} parameter: write
         *             {@code ?preparedStatements=false} in the URL, or {@code storeParam("preparedStatements", "false")}
         */
        @Deprecated
        public Builder preparedStatements(boolean enabled) {
            return storeParam(PREPARED_STATEMENTS, Boolean.toString(enabled));
        }

        /**
         * PostgreSQL only: a URL that bypasses a connection pooler for DDL; null for none.
         *
         * @deprecated sets the PostgreSQL store's {@code directUrl} parameter: use
         *             {@code storeParam("directUrl", url)}, or write it URL-encoded in the store URL
         */
        @Deprecated
        public Builder directUrl(String directUrl) {
            return storeParam(DIRECT_URL, directUrl);
        }

        public Builder maxValueBytes(int max) {
            return put(MAX_VALUE_BYTES, max);
        }

        /** Copies every map of this prefix from {@code url} when opening (once; resumes after a crash). */
        public Builder migrateFrom(String url) {
            return put(MIGRATE_FROM, url);
        }

        public Builder dropSourceAfterMigration(boolean drop) {
            return put(DROP_SOURCE, drop);
        }

        public Builder autoMigrate(boolean enabled) {
            return put(AUTO_MIGRATE, enabled);
        }

        public Builder sharedAccess(boolean shared) {
            return put(SHARED_ACCESS, shared);
        }

        public Builder invalidationFallbackTtl(Duration ttl) {
            return put(INVALIDATION_FALLBACK_TTL, ttl);
        }

        public Builder leaseTtl(Duration ttl) {
            return put(LEASE_TTL, ttl);
        }

        /** See {@link DepotConfig#leaseWait()}; zero: fail at once when another machine holds the lease. */
        public Builder leaseWait(Duration wait) {
            return put(LEASE_WAIT, wait);
        }

        public Builder leaseListener(LeaseListener listener) {
            return put(LEASE_LISTENER, listener);
        }

        /** Allows migrating into {@code memory:} without a folder, whose data is gone at close. */
        public Builder allowEphemeralTarget(boolean allow) {
            return put(ALLOW_EPHEMERAL, allow);
        }

        /** See {@link DepotConfig#createIfMissing()}. */
        public Builder createIfMissing(boolean create) {
            return put(CREATE_IF_MISSING, create);
        }

        public Builder operationTimeout(Duration timeout) {
            return put(OPERATION_TIMEOUT, timeout);
        }

        /** Where blobs live: {@code file:<folder>} or {@code s3://bucket?...}. */
        public Builder blobUrl(String url) {
            return put(BLOB_URL, url);
        }

        /** Copies every blob from {@code url} when opening (once; resumes after a crash). */
        public Builder migrateBlobsFrom(String url) {
            return put(MIGRATE_BLOBS_FROM, url);
        }

        public Builder migrationListener(MigrationListener listener) {
            return put(MIGRATION_LISTENER, listener);
        }

        /** See {@link DepotConfig#slowCallThreshold()}. */
        public Builder slowCallThreshold(Duration threshold) {
            return put(SLOW_CALL_THRESHOLD, threshold);
        }

        /** See {@link DepotConfig#observer()}. */
        public Builder observer(DepotObserver observer) {
            return put(OBSERVER, observer);
        }

        /**
         * The settings, after checking those that contradict each other.
         *
         * @throws IllegalArgumentException naming the settings: {@code preparedStatements} or
         *                                  {@code directUrl} set apart from the URL with a store
         *                                  other than PostgreSQL (they are its URL parameters), or a
         *                                  {@code directUrl} that is not PostgreSQL's;
         *                                  {@code dropSourceAfterMigration} with nothing to migrate
         *                                  from (no {@code migrateFrom} and automatic migration off);
         *                                  {@code createIfMissing(false)} with a migration;
         *                                  {@code leaseTtl} or {@code leaseWait} with
         *                                  {@code sharedAccess}, which takes no lease
         */
        public DepotConfig build() {
            String scheme = StoreUrl.parse(get(URL)).scheme();
            // every such parameter is named, in a fixed order (not only the first a hash map yields)
            List<String> postgresOnly = get(STORE_PARAMS).keySet().stream().filter(PARAM_VARIABLES::containsKey).sorted().toList();
            if (!postgresOnly.isEmpty() && !POSTGRES_SCHEMES.contains(scheme)) {
                throw new IllegalArgumentException(String.join(" and ", postgresOnly)
                        + (postgresOnly.size() == 1 ? " applies" : " apply") + " to PostgreSQL only (parameters of its URL), but the"
                        + " store is '" + scheme + ":'; remove " + postgresOnly.stream()
                        .map(p -> p + " (" + PARAM_VARIABLES.get(p) + ")").collect(Collectors.joining(" and ")));
            }
            if (get(STORE_PARAMS).containsKey(ReadFrom.PARAM) && !READ_FROM_SCHEMES.contains(scheme)) {
                throw new IllegalArgumentException("readFrom applies to PostgreSQL, Redis Sentinel and Redis Cluster (a parameter"
                        + " of their URLs), but the store is '" + scheme + ":'; remove readFrom (DEPOT_READ_FROM)");
            }
            String direct = get(STORE_PARAMS).get(DIRECT_URL);
            if (direct != null && !POSTGRES_SCHEMES.contains(StoreUrl.parse(direct).scheme())) {
                throw new IllegalArgumentException("directUrl must be a postgres:// URL, not '" + StoreUrl.parse(direct).scheme() + ":'");
            }
            if (get(DROP_SOURCE) && get(MIGRATE_FROM) == null && !get(AUTO_MIGRATE)) {
                throw new IllegalArgumentException("dropSourceAfterMigration is set but there is nothing to migrate from:"
                        + " no migrateFrom and automatic migration is off");
            }
            if (!get(CREATE_IF_MISSING) && (get(MIGRATE_FROM) != null || get(DROP_SOURCE))) {
                throw new IllegalArgumentException("createIfMissing(false) opens a store only to look at it and cannot be"
                        + " combined with migrateFrom or dropSourceAfterMigration");
            }
            if (get(SHARED_ACCESS) && (set.contains(LEASE_TTL.name()) || get(LEASE_WAIT) != null)) {
                throw new IllegalArgumentException("leaseTtl and leaseWait do not apply with sharedAccess, which takes no lease;"
                        + " remove one of them");
            }
            return new DepotConfig(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
