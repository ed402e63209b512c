package dev.depot;

import dev.depot.internal.BlobEnvironment;
import dev.depot.internal.EnvironmentUrl;
import dev.depot.spi.StoreNames;
import dev.depot.spi.SettingValues;
import dev.depot.spi.StoreUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of one {@link Depot}: which store, which prefix, where the local state
 * lives, and the limits. Built with {@link #builder()}, read from the environment with
 * {@link #fromEnv()}, or derived from a URL by {@link Depot#open(String)}; changed only by
 * building a new one with {@link #toBuilder()}.
 *
 * <p>The builder rejects nonsense at once, naming the setting: a malformed URL or prefix, a
 * negative duration, a zero pool. Thread-safe because immutable. {@link #toString()} masks
 * passwords.
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

    private final String url;
    private final String prefix;
    private final Path sessionDir;
    private final Duration cacheTtl;
    private final Duration snapshotInterval;
    private final int pageSize;
    private final int maxConnections;
    private final Duration connectTimeout;
    private final boolean preparedStatements;
    private final String directUrl;
    private final int maxValueBytes;
    private final String migrateFrom;
    private final boolean dropSourceAfterMigration;
    private final boolean autoMigrate;
    private final MigrationListener migrationListener;
    private final boolean sharedAccess;
    private final Duration leaseTtl;
    private final Duration operationTimeout;
    private final Duration leaseWait;
    private final LeaseListener leaseListener;
    private final boolean allowEphemeralTarget;
    private final boolean createIfMissing;
    private final String blobUrl;
    private final String migrateBlobsFrom;

    private DepotConfig(Builder b) {
        this.url = b.url == null ? DEFAULT_URL : b.url;
        this.prefix = b.prefix == null ? DEFAULT_PREFIX : b.prefix;
        this.sessionDir = b.sessionDir;
        this.cacheTtl = b.cacheTtl;
        this.snapshotInterval = b.snapshotInterval;
        this.pageSize = b.pageSize;
        this.maxConnections = b.maxConnections;
        this.connectTimeout = b.connectTimeout;
        this.preparedStatements = b.preparedStatements;
        this.directUrl = b.directUrl;
        this.maxValueBytes = b.maxValueBytes;
        this.migrateFrom = b.migrateFrom;
        this.dropSourceAfterMigration = b.dropSourceAfterMigration;
        this.autoMigrate = b.autoMigrate;
        this.migrationListener = b.migrationListener;
        this.sharedAccess = b.sharedAccess;
        this.leaseTtl = b.leaseTtl;
        this.operationTimeout = b.operationTimeout;
        this.leaseWait = b.leaseWait;
        this.leaseListener = b.leaseListener;
        this.allowEphemeralTarget = b.allowEphemeralTarget;
        this.createIfMissing = b.createIfMissing;
        this.blobUrl = b.blobUrl;
        this.migrateBlobsFrom = b.migrateBlobsFrom;
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
     * {@code DEPOT_PREFIX}, {@code DEPOT_SESSION_DIR}, {@code DEPOT_DIRECT_URL}, {@code DEPOT_MIGRATE_FROM},
     * {@code DEPOT_DROP_SOURCE}, {@code DEPOT_SHARED}, {@code DB_POOL} (most connections) and
     * {@code PREPARED_STATEMENTS} ({@code false} behind PgBouncer in transaction mode).
     *
     * @throws IllegalArgumentException naming the variable when one is malformed
     */
    public static DepotConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Like {@link #fromEnv()}, reading the given variables instead of the process's. */
    public static DepotConfig fromEnv(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        Builder b = builder();
        EnvironmentUrl.resolve(env).ifPresent(b::url);
        EnvironmentUrl.pool(env).ifPresent(b::maxConnections);
        EnvironmentUrl.preparedStatements(env).ifPresent(b::preparedStatements);
        String prefix = blankToNull(env.get("DEPOT_PREFIX"));
        if (prefix != null) {
            b.prefix(prefix);
        }
        String dir = blankToNull(env.get("DEPOT_SESSION_DIR"));
        if (dir != null) {
            b.sessionDir(Path.of(dir));
        }
        String direct = blankToNull(env.get("DEPOT_DIRECT_URL"));
        if (direct != null) {
            b.directUrl(direct);
        }
        String from = blankToNull(env.get("DEPOT_MIGRATE_FROM"));
        if (from != null) {
            b.migrateFrom(from);
        }
        String shared = blankToNull(env.get("DEPOT_SHARED"));
        if (shared != null) {
            b.sharedAccess(SettingValues.parseBoolean("DEPOT_SHARED", shared));
        }
        BlobEnvironment.resolve(env).ifPresent(b::blobUrl);
        String blobsFrom = blankToNull(env.get("DEPOT_MIGRATE_BLOBS_FROM"));
        if (blobsFrom != null) {
            b.migrateBlobsFrom(blobsFrom);
        }
        String drop = blankToNull(env.get("DEPOT_DROP_SOURCE"));
        if (drop != null) {
            b.dropSourceAfterMigration(SettingValues.parseBoolean("DEPOT_DROP_SOURCE", drop));
        }
        String ephemeral = blankToNull(env.get("DEPOT_ALLOW_EPHEMERAL"));
        if (ephemeral != null) {
            b.allowEphemeralTarget(SettingValues.parseBoolean("DEPOT_ALLOW_EPHEMERAL", ephemeral));
        }
        String timeout = blankToNull(env.get("DEPOT_OPERATION_TIMEOUT"));
        if (timeout != null) {
            b.operationTimeout(SettingValues.parseDuration("DEPOT_OPERATION_TIMEOUT", timeout));
        }
        return b.build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A builder holding these settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url;
        b.prefix = prefix;
        b.sessionDir = sessionDir;
        b.cacheTtl = cacheTtl;
        b.snapshotInterval = snapshotInterval;
        b.pageSize = pageSize;
        b.maxConnections = maxConnections;
        b.connectTimeout = connectTimeout;
        b.preparedStatements = preparedStatements;
        b.directUrl = directUrl;
        b.maxValueBytes = maxValueBytes;
        b.migrateFrom = migrateFrom;
        b.dropSourceAfterMigration = dropSourceAfterMigration;
        b.autoMigrate = autoMigrate;
        b.migrationListener = migrationListener;
        b.sharedAccess = sharedAccess;
        b.leaseTtl = leaseTtl;
        b.operationTimeout = operationTimeout;
        b.leaseWait = leaseWait;
        b.leaseListener = leaseListener;
        b.allowEphemeralTarget = allowEphemeralTarget;
        b.createIfMissing = createIfMissing;
        b.leaseTtlSet = !leaseTtl.equals(DEFAULT_LEASE_TTL);
        b.blobUrl = blobUrl;
        b.migrateBlobsFrom = migrateBlobsFrom;
        return b;
    }

    /** The store URL, including any password: never log it; use {@link #maskedUrl()}. */
    public String url() {
        return url;
    }

    /** The store URL with its password masked. */
    public String maskedUrl() {
        return StoreUrl.parse(url).masked();
    }

    /** Namespace of every table and key of this instance; {@code [A-Za-z0-9_]}, starting with a letter. */
    public String prefix() {
        return prefix;
    }

    /** The folder used for local state when none is set, if it exists: where the default SQLite file lives. */
    public static final Path DEFAULT_SESSION_DIR = Path.of("depot-data");

    /**
     * Folder for local state, if set: {@code depot-state.json} (which store each prefix uses, for
     * automatic migration) and the memory store's snapshot. When unset, {@link #DEFAULT_SESSION_DIR}
     * is used for the state file if it exists; otherwise the state lives only in the store.
     */
    public Optional<Path> sessionDir() {
        return Optional.ofNullable(sessionDir);
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
        return cacheTtl;
    }

    /** How often the memory store writes its snapshot, besides on close; zero: only on close. */
    public Duration snapshotInterval() {
        return snapshotInterval;
    }

    /** Entries per page for iteration and per batch for {@code putAll}. */
    public int pageSize() {
        return pageSize;
    }

    /** Most connections one {@link Depot} holds to a server store, however many maps are open. */
    public int maxConnections() {
        return maxConnections;
    }

    /** How long to wait for a connection before {@link StoreUnavailableException}. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** False behind PgBouncer in transaction mode: no named server-side prepared statements. */
    public boolean preparedStatements() {
        return preparedStatements;
    }

    /** A URL that bypasses a connection pooler, used for DDL; empty when DDL uses {@link #url()}. */
    public Optional<String> directUrl() {
        return Optional.ofNullable(directUrl);
    }

    /** Largest encoded value, in bytes. */
    public int maxValueBytes() {
        return maxValueBytes;
    }

    /** A store to copy every map of this prefix from when opening, if set. Contains any password: never log it. */
    public Optional<String> migrateFrom() {
        return Optional.ofNullable(migrateFrom);
    }

    /** Whether the source's maps are deleted once a migration has copied and verified them. */
    public boolean dropSourceAfterMigration() {
        return dropSourceAfterMigration;
    }

    /**
     * Whether {@code open} migrates by itself when the session folder records another store for
     * this prefix. True by default; tools that only look at a store turn it off.
     */
    public boolean autoMigrate() {
        return autoMigrate;
    }

    /**
     * False (the default): this instance owns the prefix and a second {@code open} of it fails
     * with {@link SessionLockedException}. True: processes that mean to share the maps (web
     * workers) open them together; no lease is taken.
     */
    public boolean sharedAccess() {
        return sharedAccess;
    }

    /** How long the session lease lasts without renewal; it is renewed every third of that. */
    public Duration leaseTtl() {
        return leaseTtl;
    }

    /**
     * How long one store operation may take before it fails with
     * {@link StoreUnavailableException}: the bound on a server that stops answering (a SIGSTOPped
     * or partitioned server). Default 5 seconds.
     */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /**
     * Where {@link Depot#blobs()} keeps objects: {@code file:<folder>} or {@code s3://bucket?...}.
     * Empty: the filesystem store in the session folder's {@code media/}. Contains any secret:
     * never log it.
     */
    public Optional<String> blobUrl() {
        return Optional.ofNullable(blobUrl);
    }

    /** A blob store to copy every object from when opening, if set. Contains any secret: never log it. */
    public Optional<String> migrateBlobsFrom() {
        return Optional.ofNullable(migrateBlobsFrom);
    }

    /**
     * How long {@code open} waits for the lease of an owner on another machine to lapse before
     * it fails with {@link SessionLockedException}; it fails sooner when it sees the owner renew.
     * Default: {@link #leaseTtl()} plus a sixth of it. An owner on this machine whose process is
     * gone is taken over at once.
     */
    public Duration leaseWait() {
        return leaseWait != null ? leaseWait : leaseTtl.plus(leaseTtl.dividedBy(6));
    }

    /** Told when the lease is lost or regained; a no-op by default. */
    public LeaseListener leaseListener() {
        return leaseListener;
    }

    /**
     * Whether a migration may move maps into a store that keeps nothing after close
     * ({@code memory:} without a folder). False by default: such a switch is refused.
     */
    public boolean allowEphemeralTarget() {
        return allowEphemeralTarget;
    }

    /**
     * True (the default): files, databases, tables and the prefix's records are created when
     * missing. False: {@code open} only looks at what exists, creates and records nothing, and
     * fails with {@link NoSuchStoreException} when there is nothing; tools that inspect a store use it.
     */
    public boolean createIfMissing() {
        return createIfMissing;
    }

    /** Told about migration progress; a no-op by default. */
    public MigrationListener migrationListener() {
        return migrationListener;
    }

    @Override
    public String toString() {
        return "DepotConfig[url=" + maskedUrl() + ", prefix=" + prefix + ", sessionDir=" + sessionDir
                + ", cacheTtl=" + cacheTtl + ", pageSize=" + pageSize + ", maxConnections=" + maxConnections
                + ", connectTimeout=" + connectTimeout + ", operationTimeout=" + operationTimeout
                + ", preparedStatements=" + preparedStatements + ", sharedAccess=" + sharedAccess + ", leaseTtl=" + leaseTtl
                + ", leaseWait=" + leaseWait() + "]";
    }

    /**
     * Builds a {@link DepotConfig}. Each setter validates its argument at once and throws
     * {@link IllegalArgumentException} (or {@link NullPointerException} for null) naming the
     * setting. Not thread-safe.
     */
    public static final class Builder {
        private String url;
        private String prefix;
        private Path sessionDir;
        private Duration cacheTtl = Duration.ofMinutes(5);
        private Duration snapshotInterval = Duration.ofSeconds(30);
        private int pageSize = 1000;
        private int maxConnections = 10;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private boolean preparedStatements = true;
        private String directUrl;
        private int maxValueBytes = 64 << 20;
        private String migrateFrom;
        private boolean dropSourceAfterMigration;
        private boolean autoMigrate = true;
        private MigrationListener migrationListener = MigrationListener.NONE;
        private boolean sharedAccess;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration operationTimeout = Duration.ofSeconds(5);
        private Duration leaseWait;
        private LeaseListener leaseListener = LeaseListener.NONE;
        private boolean allowEphemeralTarget;
        private boolean createIfMissing = true;
        private boolean leaseTtlSet;
        private String blobUrl;
        private String migrateBlobsFrom;

        private Builder() {}

        /** The store: {@code sqlite:FILE}, {@code memory:[DIR]}, or a server URL of an installed store module. */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            StoreUrl.parse(url); // fails fast, with the password masked in the message
            this.url = url;
            return this;
        }

        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            StoreNames.validatePrefix(prefix);
            this.prefix = prefix;
            return this;
        }

        public Builder sessionDir(Path dir) {
            this.sessionDir = Objects.requireNonNull(dir, "sessionDir");
            return this;
        }

        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = nonNegative("cacheTtl", ttl);
            return this;
        }

        public Builder snapshotInterval(Duration interval) {
            this.snapshotInterval = nonNegative("snapshotInterval", interval);
            return this;
        }

        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 100_000) {
                throw new IllegalArgumentException("pageSize must be from 1 to 100000, not " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        public Builder maxConnections(int max) {
            if (max < 1 || max > 1000) {
                throw new IllegalArgumentException("maxConnections must be from 1 to 1000, not " + max);
            }
            this.maxConnections = max;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            nonNegative("connectTimeout", timeout);
            if (timeout.toMillis() < 250) {
                throw new IllegalArgumentException("connectTimeout must be at least 250ms, not " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        public Builder preparedStatements(boolean enabled) {
            this.preparedStatements = enabled;
            return this;
        }

        /** A URL that bypasses a connection pooler for DDL; null for none. */
        public Builder directUrl(String directUrl) {
            if (directUrl != null) {
                StoreUrl.parse(directUrl);
            }
            this.directUrl = directUrl;
            return this;
        }

        public Builder maxValueBytes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxValueBytes must be positive, not " + max);
            }
            this.maxValueBytes = max;
            return this;
        }

        /** Copies every map of this prefix from {@code url} when opening (once; resumes after a crash). */
        public Builder migrateFrom(String url) {
            Objects.requireNonNull(url, "migrateFrom");
            StoreUrl.parse(url);
            this.migrateFrom = url;
            return this;
        }

        public Builder dropSourceAfterMigration(boolean drop) {
            this.dropSourceAfterMigration = drop;
            return this;
        }

        public Builder autoMigrate(boolean enabled) {
            this.autoMigrate = enabled;
            return this;
        }

        public Builder sharedAccess(boolean shared) {
            this.sharedAccess = shared;
            return this;
        }

        public Builder leaseTtl(Duration ttl) {
            nonNegative("leaseTtl", ttl);
            if (ttl.toMillis() < 500) {
                throw new IllegalArgumentException("leaseTtl must be at least 500ms, not " + ttl);
            }
            this.leaseTtl = ttl;
            this.leaseTtlSet = true;
            return this;
        }

        /** See {@link DepotConfig#leaseWait()}; zero: fail at once when another machine holds the lease. */
        public Builder leaseWait(Duration wait) {
            this.leaseWait = nonNegative("leaseWait", wait);
            return this;
        }

        public Builder leaseListener(LeaseListener listener) {
            this.leaseListener = Objects.requireNonNull(listener, "leaseListener");
            return this;
        }

        /** Allows migrating into {@code memory:} without a folder, whose data is gone at close. */
        public Builder allowEphemeralTarget(boolean allow) {
            this.allowEphemeralTarget = allow;
            return this;
        }

        /** See {@link DepotConfig#createIfMissing()}. */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        public Builder operationTimeout(Duration timeout) {
            nonNegative("operationTimeout", timeout);
            if (timeout.toMillis() < 100) {
                throw new IllegalArgumentException("operationTimeout must be at least 100ms, not " + timeout);
            }
            this.operationTimeout = timeout;
            return this;
        }

        /** Where blobs live: {@code file:<folder>} or {@code s3://bucket?...}. */
        public Builder blobUrl(String url) {
            Objects.requireNonNull(url, "blobUrl");
            StoreUrl.parse(url);
            this.blobUrl = url;
            return this;
        }

        /** Copies every blob from {@code url} when opening (once; resumes after a crash). */
        public Builder migrateBlobsFrom(String url) {
            Objects.requireNonNull(url, "migrateBlobsFrom");
            StoreUrl.parse(url);
            this.migrateBlobsFrom = url;
            return this;
        }

        public Builder migrationListener(MigrationListener listener) {
            this.migrationListener = Objects.requireNonNull(listener, "migrationListener");
            return this;
        }

        /**
         * The settings, after checking those that contradict each other.
         *
         * @throws IllegalArgumentException naming the settings: {@code directUrl} with a store other
         *                                  than PostgreSQL; {@code dropSourceAfterMigration} with
         *                                  nothing to migrate from (no {@code migrateFrom} and automatic
         *                                  migration off); {@code leaseTtl} or {@code leaseWait} with
         *                                  {@code sharedAccess}, which takes no lease
         */
        public DepotConfig build() {
            String scheme = StoreUrl.parse(url == null ? DEFAULT_URL : url).scheme();
            if (directUrl != null && !scheme.startsWith("postgres")) {
                throw new IllegalArgumentException("directUrl applies to PostgreSQL behind a connection pooler only, but the"
                        + " store is '" + scheme + ":'; remove directUrl (DEPOT_DIRECT_URL)");
            }
            if (directUrl != null && !StoreUrl.parse(directUrl).scheme().startsWith("postgres")) {
                throw new IllegalArgumentException("directUrl must be a postgres:// URL, not '" + StoreUrl.parse(directUrl).scheme() + ":'");
            }
            if (dropSourceAfterMigration && migrateFrom == null && !autoMigrate) {
                throw new IllegalArgumentException("dropSourceAfterMigration is set but there is nothing to migrate from:"
                        + " no migrateFrom and automatic migration is off");
            }
            if (!createIfMissing && (migrateFrom != null || dropSourceAfterMigration)) {
                throw new IllegalArgumentException("createIfMissing(false) opens a store only to look at it and cannot be"
                        + " combined with migrateFrom or dropSourceAfterMigration");
            }
            if (sharedAccess && (leaseTtlSet || leaseWait != null)) {
                throw new IllegalArgumentException("leaseTtl and leaseWait do not apply with sharedAccess, which takes no lease;"
                        + " remove one of them");
            }
            return new DepotConfig(this);
        }

        private static Duration nonNegative(String setting, Duration d) {
            Objects.requireNonNull(d, setting);
            if (d.isNegative()) {
                throw new IllegalArgumentException(setting + " must not be negative, not " + d);
            }
            return d;
        }
    }
}
