package dev.depot.internal;

import dev.depot.BlobStore;
import dev.depot.ChangeFeedState;
import dev.depot.Codec;
import dev.depot.CodecMismatchException;
import dev.depot.DbMap;
import dev.depot.DbValue;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.MapInfo;
import dev.depot.MapOptions;
import dev.depot.StoreUnavailableException;
import dev.depot.WriteMode;
import dev.depot.Health;
import dev.depot.internal.observe.ObservedRawMap;
import dev.depot.spi.ChangeFeed;
import dev.depot.spi.DepotObserver;
import dev.depot.spi.DepotResources;
import dev.depot.spi.RawMap;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreNames;
import dev.depot.spi.StoreProvider;
import dev.depot.spi.StoreUrl;
import dev.depot.MigrationException;
import dev.depot.NoSuchStoreException;
import dev.depot.internal.blob.BlobMigrator;
import dev.depot.internal.blob.BlobStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link Depot} implementation: finds the store by scheme and hands out maps.
 *
 * <p>This class is long because opening a Depot is one ordered flow (store, lease, migrations, blob
 * store, the layers of each map) that reads best in one place.
 */
public final class DepotImpl implements Depot, DepotResources {
    private static final Logger LOG = LoggerFactory.getLogger(DepotImpl.class);
    /**
     * URL parameters that choose where reads go, not which store this is: left out of the identity
     * recorded in the session state, so turning replica reads on is not taken for a new store.
     */
    private static final java.util.Set<String> READ_ROUTING_PARAMS = java.util.Set.of("readFrom", "replicaUrl",
            "readYourWrites", "maxReplicaLag");
    /** Store parameters given apart from the URL that belong to the target only, never to a migration's source. */
    private static final java.util.Set<String> TARGET_ONLY_PARAMS = java.util.Set.of("directUrl", "replicaUrl", "readFrom",
            "readYourWrites", "maxReplicaLag");

    private final DepotConfig config;
    private final Store store;
    private final Lifecycle life;
    private final MapRegistry registry;
    private final Map<String, DbMap<?, ?>> maps = new ConcurrentHashMap<>();
    private final Map<String, MapOptions> mapOptions = new ConcurrentHashMap<>();
    private final WriteBehindFlusher flusher;
    private final SessionLease lease;
    /** What the session record names as the blob store in use (null: nothing to name). */
    private final SessionState.BlobRecord blobRecord;
    private final Object blobLock = new Object();
    /** Opened on first use (or by a migration at open), closed with the Depot. */
    private BlobStore blobs;
    /** Extension resources (media workers), closed first on close, newest first. */
    private final Map<String, AutoCloseable> resources = new LinkedHashMap<>();
    /** The store's change feed and where it delivers, with sharedAccess on a store that has one; else both null. */
    private final ChangeFeed feed;
    private final ChangeRouter router;
    /** The listeners of every open map, stopped on close. */
    private final List<MapEvents<?, ?>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Told what happens, for metrics; {@link DepotObserver#NONE} adds no layer and no counting. */
    private final DepotObserver observer;

    private DepotImpl(DepotConfig config, Store store, SessionLease lease, SessionState.BlobRecord blobRecord, BlobStore blobs,
            Feed feed) {
        this.config = config;
        this.feed = feed == null ? null : feed.feed();
        this.router = feed == null ? null : feed.router();
        this.store = store;
        this.lease = lease;
        this.blobRecord = blobRecord;
        this.blobs = blobs;
        this.life = new Lifecycle(store.description());
        this.registry = new MapRegistry(store.metadata(), store.description(), config.pageSize());
        this.flusher = new WriteBehindFlusher(store.description());
        this.observer = config.observer();
    }

    public static Depot open(DepotConfig config) {
        return open(config, null);
    }

    /** {@link #open(DepotConfig)} over the application's own {@code client}, or by itself when it is null. */
    public static Depot open(DepotConfig config, Object client) {
        Objects.requireNonNull(config, "config");
        if (client instanceof javax.sql.DataSource dataSource) {
            config = config.toBuilder().url(DataSourceUrl.of(dataSource)).build();
        }
        StoreUrl url = StoreUrl.parse(config.url());
        StoreProvider provider = provider(url);
        if (client != null && !provider.acceptsClient(client)) {
            throw new IllegalArgumentException("the " + url.scheme() + ": store cannot be opened over a "
                    + client.getClass().getName() + "; Depot.open(config, client) takes a javax.sql.DataSource, or with"
                    + " depot-redis a Lettuce RedisClient or RedisClusterClient for a Redis URL (" + url + ")");
        }
        Store store = provider.open(new StoreContext(url, config, client));
        SessionLease lease = null;
        BlobSwitch blobs = null;
        Feed feed = null;
        try {
            lease = takeLease(store, config);
            if (config.createIfMissing()) {
                migrateIfNeeded(config, url, store);
                blobs = migrateBlobsIfNeeded(config, store);
            }
            // After the migration: its maps were opened before the feed, so the millions of rows it
            // copies are not announced one by one (each would be a notification or a log row).
            feed = startFeed(store, config);
            DepotImpl depot = blobs == null ? new DepotImpl(config, store, lease, null, null, feed)
                    : new DepotImpl(config, store, lease, blobs.record(), blobs.opened(), feed);
            if (!config.createIfMissing()) {
                depot.requireContents();
            } else {
                depot.recordState();
            }
            LOG.info("Depot opened {} with prefix '{}'", store.description(), config.prefix());
            config.observer().opened(config.prefix(), depot);
            return depot;
        } catch (RuntimeException e) {
            if (blobs != null && blobs.opened() != null) {
                BlobStores.close(blobs.opened());
            }
            if (lease != null) {
                lease.close();
            }
            if (feed != null) {
                feed.feed().close();
            }
            store.close();
            throw e;
        }
    }

    /** A started change feed and the router it delivers to. */
    private record Feed(ChangeFeed feed, ChangeRouter router) {}

    /**
     * With sharedAccess, turns on the store's change feed before the Depot opens any map (so
     * every map's writes are announced; a migration at open ran before, unannounced) and starts
     * it; null without sharedAccess or when the store has no feed. The origin is random per Depot,
     * so two Depots in one JVM see each other's writes.
     */
    private static Feed startFeed(Store store, DepotConfig config) {
        if (!config.sharedAccess()) {
            return null;
        }
        Optional<ChangeFeed> feed = store.changeFeed(java.util.UUID.randomUUID().toString());
        if (feed.isEmpty()) {
            return null;
        }
        ChangeRouter router = new ChangeRouter(store.description(), config.invalidationFallbackTtl());
        try {
            feed.get().start(router);
        } catch (RuntimeException e) {
            feed.get().close();
            throw e;
        }
        return new Feed(feed.get(), router);
    }

    /** The blob store to record, and the blob store a migration opened (null when none ran). */
    private record BlobSwitch(SessionState.BlobRecord record, BlobStore opened) {}

    /**
     * Copies every blob into the configured blob store when the caller names a source
     * ({@code migrateBlobsFrom}), or when the session record names another blob store than the
     * configured one: the state file in the session folder, else the record in the map store
     * (a container without a volume). Like the maps, and after them, so a failure leaves the
     * record unchanged and the next open resumes.
     */
    private static BlobSwitch migrateBlobsIfNeeded(DepotConfig config, Store store) {
        String url = BlobStores.configuredUrl(config);
        String targetId;
        try {
            targetId = BlobStores.identity(url, config);
        } catch (DepotException e) {
            if (config.migrateBlobsFrom().isPresent()) {
                throw e;
            }
            return new BlobSwitch(null, null); // file: without any folder: blobs() says so when asked
        }
        SessionState.BlobRecord configured = new SessionState.BlobRecord(targetId, BlobStores.hasSecret(url));
        String sourceUrl = config.migrateBlobsFrom().orElse(null);
        if (sourceUrl == null && config.autoMigrate()) {
            SessionState.PrefixRecord recorded = recordedState(config, store);
            if (recorded != null && recorded.blobStore() != null && !recorded.blobStore().equals(targetId)) {
                if (recorded.blobHadSecret()) {
                    throw new MigrationException("prefix '" + config.prefix() + "' last kept its blobs in " + recorded.blobStore()
                            + ", whose secret Depot does not record. To move them to " + StoreUrl.parse(url).masked()
                            + ", set migrateBlobsFrom (DEPOT_MIGRATE_BLOBS_FROM) to that store's URL with its secret", null);
                }
                sourceUrl = recorded.blobStore();
            }
        }
        if (sourceUrl == null) {
            return new BlobSwitch(configured, null);
        }
        String sourceId = BlobStores.identity(sourceUrl, config);
        if (sourceId.equals(targetId) || BlobMigrator.completed(store.metadata(), sourceId, targetId)) {
            return new BlobSwitch(configured, null);
        }
        BlobStore target = BlobStores.open(url, config);
        try {
            BlobStore source = BlobStores.open(sourceUrl, config);
            try {
                if (source.description().equals(target.description())) {
                    return new BlobSwitch(configured, target); // two spellings of one store: nothing to copy
                }
                long n = new BlobMigrator(source, target, sourceId, targetId, store.metadata(), config.migrationListener(),
                        config.pageSize()).run();
                LOG.info("Migrated {} blobs of prefix '{}' from {} to {}", n, config.prefix(), source.description(),
                        target.description());
            } finally {
                BlobStores.close(source);
            }
            return new BlobSwitch(configured, target);
        } catch (RuntimeException e) {
            BlobStores.close(target);
            throw e;
        }
    }

    /** The prefix's record: in the session folder's state file, else in the map store. */
    private static SessionState.PrefixRecord recordedState(DepotConfig config, Store store) {
        Path dir = stateDir(config);
        if (dir != null) {
            Optional<SessionState.PrefixRecord> fromFile = new SessionState(dir).read(config.prefix());
            if (fromFile.isPresent()) {
                return fromFile.get();
            }
        }
        return SessionState.readFromStore(store.metadata()).orElse(null);
    }

    /** The prefix's lease, unless access is shared or the store locks itself (memory). */
    private static SessionLease takeLease(Store store, DepotConfig config) {
        if (config.sharedAccess() || store.locksPrefixItself()) {
            return null;
        }
        return SessionLease.acquire(store.metadata(), config, store.description());
    }

    /** What the session state records of a store: its URL without password and without {@link #READ_ROUTING_PARAMS}. */
    static String identity(StoreUrl url) {
        return url.withoutParams(READ_ROUTING_PARAMS).withoutPassword();
    }

    /** Where {@code depot-state.json} lives: the session folder ({@link SessionFolder}), or null. */
    static Path stateDir(DepotConfig config) {
        return SessionFolder.of(config).orElse(null);
    }

    /**
     * Copies the prefix's maps into {@code target} when the caller names a source, or when the
     * session folder records that another store was in use for this prefix.
     */
    private static void migrateIfNeeded(DepotConfig config, StoreUrl url, Store target) {
        String targetId = identity(url);
        String sourceUrl = config.migrateFrom().orElse(null);
        Path dir = stateDir(config);
        if (sourceUrl == null && config.autoMigrate() && dir != null) {
            SessionState state = new SessionState(dir);
            SessionState.PrefixRecord recorded = state.read(config.prefix()).orElse(null);
            if (recorded != null && !recorded.store().equals(targetId) && !recordedInside(target, recorded.store())) {
                if (recorded.hadPassword()) {
                    throw new MigrationException("prefix '" + config.prefix() + "' was last used with " + recorded.store()
                            + " (" + state.file() + "), whose password Depot does not record. To move its maps to "
                            + url.masked() + ", set migrateFrom (DEPOT_MIGRATE_FROM) to that store's URL with its password;"
                            + " to start empty instead, remove the prefix from " + state.file(), null);
                }
                sourceUrl = recorded.store();
            }
        }
        if (sourceUrl == null) {
            return;
        }
        StoreUrl source = StoreUrl.parse(sourceUrl);
        String sourceId = identity(source);
        if (sourceId.equals(targetId) || sourceId.equals(Migrator.completedSource(target)) || recordedInside(target, sourceId)) {
            return;
        }
        // The observer hears the target only: the source's pool would share the target's pool name
        // (its metrics would replace the target's) and its lease the target's prefix.
        DepotConfig.Builder sourceConfig = config.toBuilder().url(sourceUrl).observer(DepotObserver.NONE);
        // The store parameters set apart from the URL are the target's: its pooler bypass
        // (directUrl) and its replica are never the source's (a migration reads the source's
        // primary), and a store other than PostgreSQL takes none of them.
        for (String param : config.storeParams().keySet()) {
            if (TARGET_ONLY_PARAMS.contains(param) || !source.scheme().startsWith("postgres")) {
                sourceConfig.storeParam(param, null);
            }
        }
        Store from = provider(source).open(new StoreContext(source, sourceConfig.build()));
        // Hold the source's lease too: an instance still writing to it would make the copy incomplete.
        SessionLease sourceLease = null;
        try {
            if (SameStoreProbe.same(from, target)) {
                LOG.info("{} is {} under another URL (an entry written to one is read from the other): prefix '{}' has"
                        + " nothing to migrate", target.description(), from.description(), config.prefix());
                return;
            }
            sourceLease = takeLease(from, config.toBuilder().observer(DepotObserver.NONE).build());
            MigrationPreconditions.check(config, from, target, recordedMaps(config, sourceId));
            Migrator migrator = new Migrator(from, target, sourceId, config);
            List<String> maps = migrator.run();
            LOG.info("Migrated {} maps of prefix '{}' from {} to {}", maps.size(), config.prefix(), from.description(),
                    target.description());
            if (config.dropSourceAfterMigration()) {
                migrator.dropSource(maps);
            }
        } finally {
            if (sourceLease != null) {
                sourceLease.close();
            }
            from.close();
        }
    }

    /**
     * Whether {@code target}'s own metadata records {@code sourceId} as the store last in use for
     * the prefix: then the target is that store reached by another URL (a changed parameter such
     * as {@code timeout} or {@code waitReplicas}, another list or order of Sentinels or Cluster
     * nodes, PgBouncer instead of the server) or a full copy of it, and its maps are already
     * there. Migrating would clear each map and copy it onto itself, which empties it. A store
     * records its URL at every open, so a store that only received a migration records its own
     * URL, not its source's.
     */
    private static boolean recordedInside(Store target, String sourceId) {
        return SessionState.readFromStore(target.metadata()).map(r -> r.store().equals(sourceId)).orElse(false);
    }

    /** The maps the session folder records for the prefix in {@code sourceId}, or null when it records none there. */
    private static List<String> recordedMaps(DepotConfig config, String sourceId) {
        Path dir = stateDir(config);
        if (dir == null) {
            return null;
        }
        return new SessionState(dir).read(config.prefix())
                .filter(r -> r.store().equals(sourceId))
                .map(SessionState.PrefixRecord::maps)
                .orElse(null);
    }

    /**
     * Records this store as the one in use for the prefix and its maps: in the store's metadata
     * (the record that survives a container without a volume) and in the session folder when
     * there is one (the record that lets the next start notice a changed URL).
     */
    private void recordState() {
        StoreUrl url = StoreUrl.parse(config.url());
        List<String> names = registry.all().stream().map(MapInfo::name).toList();
        boolean password = url.withoutParams(READ_ROUTING_PARAMS).hasPassword();
        SessionState.writeToStore(store.metadata(), identity(url), password, names, blobRecord);
        Path dir = stateDir(config);
        if (dir != null) {
            new SessionState(dir).write(config.prefix(), identity(url), password, names, blobRecord);
        }
    }

    /** For a store opened only to look at: fails unless the prefix has maps or a record there. */
    private void requireContents() {
        if (registry.all().isEmpty() && storeRecord().isEmpty()) {
            throw new NoSuchStoreException("nothing is there: " + store.description() + " holds no maps of prefix '"
                    + config.prefix() + "'. Check the URL and the prefix");
        }
    }

    static StoreProvider provider(StoreUrl url) {
        return InstalledProviders.forScheme(StoreProvider.class, StoreProvider::schemes, url, "store", "depot-jdbc, depot-redis");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> DbMap<K, V> map(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return open(name, keyCodec, valueCodec, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> DbMap<K, V> map(String name, Codec<K> keyCodec, Codec<V> valueCodec, MapOptions options) {
        return open(name, keyCodec, valueCodec, Objects.requireNonNull(options, "options"));
    }

    /** Opens or returns the map; {@code options} null: whatever the open map has, else the defaults. */
    @SuppressWarnings("unchecked")
    private <K, V> DbMap<K, V> open(String name, Codec<K> keyCodec, Codec<V> valueCodec, MapOptions options) {
        life.checkOpen();
        StoreNames.validateMapName(config.prefix(), name);
        Objects.requireNonNull(keyCodec, "keyCodec");
        Objects.requireNonNull(valueCodec, "valueCodec");
        DbMap<?, ?> open = maps.get(name);
        if (open == null) {
            if (lease != null) {
                lease.checkWritable(); // opening a map may record it in the store
            }
            MapOptions chosen = options == null ? MapOptions.defaults() : options;
            open = maps.computeIfAbsent(name, n -> {
                mapOptions.put(n, chosen);
                return create(n, keyCodec, valueCodec, chosen);
            });
        }
        MapOptions current = mapOptions.get(name);
        if (options != null && current != null && !options.equals(current)) {
            throw new IllegalArgumentException("map '" + name + "' is already open in this Depot with " + current
                    + " and cannot also be opened with " + options + "; the options of a map are set once, by its first"
                    + " map() call: use the same options, or map(name, keyCodec, valueCodec) to get the open map");
        }
        if (!open.keyCodec().id().equals(keyCodec.id()) || !open.valueCodec().id().equals(valueCodec.id())) {
            throw new CodecMismatchException("map '" + name + "' in " + store.description() + " is open with codecs ("
                    + open.keyCodec().id() + ", " + open.valueCodec().id() + ") and cannot be opened with ("
                    + keyCodec.id() + ", " + valueCodec.id() + ")");
        }
        if (open.keyCodec().type() != keyCodec.type() || open.valueCodec().type() != valueCodec.type()) {
            throw new IllegalArgumentException("map '" + name + "' is already open in this Depot as " + open.keyCodec().type().getName()
                    + " -> " + open.valueCodec().type().getName() + " and cannot also be opened as " + keyCodec.type().getName()
                    + " -> " + valueCodec.type().getName() + "; use the map already open");
        }
        return (DbMap<K, V>) open;
    }

    private <K, V> DbMap<K, V> create(String name, Codec<K> keyCodec, Codec<V> valueCodec, MapOptions options) {
        EntryCodec<K, V> codec = new EntryCodec<>(name, store.description(), keyCodec, valueCodec, config.maxValueBytes());
        var spec = MapRegistry.spec(name, keyCodec, valueCodec);
        RawMap[] created = new RawMap[1];
        registry.register(name, keyCodec, valueCodec, () -> created[0] = store.open(spec));
        Optional<ConcurrentMap<K, V>> objects = store.openObjects(spec, codec);
        MapEvents<K, V> events = new MapEvents<>(name);
        listeners.add(events);
        if (objects.isPresent()) {
            // A store of objects (memory): no bytes to fence, buffer or cache; one process owns it.
            return new ObjectDbMap<>(codec, life, objects.get(), events);
        }
        RawMap raw = created[0] != null ? created[0] : store.open(spec);
        // Innermost, so the time is the store's: metrics per operation, and JFR's slow calls.
        raw = new ObservedRawMap(raw, observer.storeCalls(config.prefix(), name), config.slowCallThreshold().toNanos(),
                store.description(), name);
        if (lease != null) {
            raw = new FencedRawMap(raw, lease);
        }
        String described = "map '" + name + "' in " + store.description();
        Path journalDir = SessionFolder.of(config).map(dir -> dir.resolve("journal").resolve(config.prefix()).resolve(name))
                .orElse(null);
        if (options.writeMode() == WriteMode.WRITE_BEHIND_JOURNALED && journalDir == null) {
            throw new IllegalArgumentException("map '" + name + "' cannot be journaled: the journal lives in the session folder,"
                    + " and this Depot has none (set sessionDir / DEPOT_SESSION_DIR to a folder that outlives the process,"
                    + " or use WRITE_BEHIND, which loses unflushed writes when the process is killed)");
        }
        boolean journaled = options.writeMode() == WriteMode.WRITE_BEHIND_JOURNALED;
        if (!journaled && journalDir != null) {
            // An earlier run journaled this map and was killed: its acknowledged writes go in first.
            WriteJournal.replayLeftover(journalDir, described, raw);
        }
        if (options.writeMode() != WriteMode.WRITE_THROUGH) {
            WriteJournal journal = journaled ? WriteJournal.open(journalDir, described) : null;
            WriteBehindRawMap buffered = new WriteBehindRawMap(raw, options.maxDirty(), config.pageSize(),
                    Math.max(1, store.bulkWriteConcurrency()),
                    config.connectTimeout().multipliedBy(6), described, journal);
            flusher.register(name, buffered, options.flushInterval());
            if (observer != DepotObserver.NONE) {
                observer.writeBehindOpened(config.prefix(), name, buffered.view());
            }
            raw = lease == null ? buffered : new FencedRawMap(buffered, lease); // refuse new writes, not only their flush
        }
        raw = new AnnouncingRawMap(raw, codec, events); // outermost: a buffered write is announced when buffered
        StoreDbMap<K, V> map = new StoreDbMap<>(codec, raw, life, config.pageSize(), events);
        boolean stats = observer != DepotObserver.NONE;
        ValueCache<K, V> cache = router == null
                ? ValueCache.create(options.effectiveCacheTtl(config), options.cacheMaxEntries(), codec, stats)
                : ValueCache.coherent(options.effectiveCacheTtl(config), options.cacheMaxEntries(), codec, router::up,
                        config.invalidationFallbackTtl(), stats);
        DepotObserver.CacheView cacheView = cache.view();
        if (cacheView != null) {
            observer.cacheOpened(config.prefix(), name, cacheView);
        }
        if (router != null) {
            router.register(name, codec, cache, events);
        }
        return cache.enabled() ? new CachedDbMap<>(map, cache) : map;
    }

    @Override
    public BlobStore blobs() {
        life.checkOpen();
        synchronized (blobLock) {
            if (blobs == null) {
                blobs = BlobStores.open(BlobStores.configuredUrl(config), config);
            }
            return blobs;
        }
    }

    @Override
    public <T> DbValue<T> value(String name, Codec<T> codec) {
        return new DbValueImpl<>(map(name, Codec.STRING, codec));
    }

    @Override
    public <T> T bind(T target) {
        life.checkOpen();
        return FieldBinder.bind(this, target);
    }

    @Override
    public List<MapInfo> maps() {
        life.checkOpen();
        return registry.all();
    }

    @Override
    public Optional<MapInfo> mapInfo(String name) {
        life.checkOpen();
        Objects.requireNonNull(name, "name");
        return registry.find(name);
    }

    /**
     * Moves map {@code name}'s recorded codec id {@code from} to {@code to} (for
     * {@code depot maps --rename-codec}; see {@code MapRegistry.renameCodec}). Only with the
     * prefix's lease held, so no program has the map open with the old codec meanwhile, and
     * not for a map open in this Depot.
     *
     * @throws IllegalStateException when this Depot shares access (holds no lease) or has the map open
     */
    public MapInfo renameCodec(String name, String from, String to) {
        life.checkOpen();
        StoreNames.validateMapName(config.prefix(), name);
        if (config.sharedAccess() && !store.locksPrefixItself()) {
            throw new IllegalStateException("renaming a codec needs the prefix's lease; this Depot was opened with shared access");
        }
        if (lease != null) {
            lease.checkWritable();
        }
        if (maps.containsKey(name)) {
            throw new IllegalStateException("map '" + name + "' is open in this Depot; rename its codec before opening it");
        }
        return registry.renameCodec(name, from, to);
    }

    /** The record of the store in use kept in the store itself (see {@link #recordState()}). */
    Optional<SessionState.PrefixRecord> storeRecord() {
        return SessionState.readFromStore(store.metadata());
    }

    @Override
    public String storeDescription() {
        return store.description();
    }

    @Override
    public DepotConfig config() {
        return config;
    }

    @Override
    public ChangeFeedState changeFeedState() {
        return router == null ? ChangeFeedState.NONE : router.state();
    }

    @Override
    public Health health(java.time.Duration timeout) {
        life.checkOpen();
        Objects.requireNonNull(timeout, "timeout");
        dev.depot.spi.SecretMasker masker = dev.depot.spi.SecretMasker.of(StoreUrl.parse(config.url()).password());
        byte[] probe = "depot_health".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Health.Part> parts = new ArrayList<>();
        parts.add(HealthCheck.ping("store", timeout, () -> store.metadata().get(probe), store.description(), masker));
        BlobStore openBlobs;
        synchronized (blobLock) {
            openBlobs = blobs;
        }
        if (openBlobs != null || config.blobUrl().isPresent()) {
            parts.add(HealthCheck.ping("blobs", timeout, () -> blobs().head("depot_health"), "reachable", masker));
        }
        parts.add(HealthCheck.lease(lease, config.sharedAccess()));
        parts.add(HealthCheck.writeBehind(flusher.maps()));
        parts.add(HealthCheck.changeFeed(changeFeedState()));
        return Health.of(parts);
    }

    @Override
    public void flush() {
        life.checkOpen();
        flusher.flushAll();
        store.flush();
    }

    @Override
    public <T extends AutoCloseable> T shared(String name, Class<T> type, Supplier<T> factory) {
        synchronized (resources) {
            life.checkOpen();
            return type.cast(resources.computeIfAbsent(name, n -> factory.get()));
        }
    }

    /** Closes the extension resources while the stores are still open, so their work can stop cleanly. */
    private void closeResourcesOfExtensions() {
        List<AutoCloseable> open;
        synchronized (resources) {
            open = new ArrayList<>(resources.values());
            resources.clear();
        }
        Collections.reverse(open);
        for (AutoCloseable r : open) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("Could not close {} of {}: {}", r, store.description(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        synchronized (life) {
            if (life.isClosed()) {
                return;
            }
            closeResourcesOfExtensions();
            try {
                flusher.flushAll();
            } catch (RuntimeException e) {
                if (lease != null && lease.takenOver()) {
                    // Another instance owns the prefix: writing these now would overwrite its data.
                    LOG.error("Dropping {} write-behind entries of {}: the prefix was taken over by another instance",
                            flusher.dirtyCount(), store.description());
                    flusher.close(true); // journals too: replaying them later would overwrite the new owner's data
                    life.close();
                    closeResources(false);
                    return;
                }
                throw new StoreUnavailableException(flusher.dirtyCount() + " write-behind entries could not be written to "
                        + store.description() + "; the Depot stays open so that nothing is dropped: call close() again"
                        + " when the store is back", e);
            }
            life.close();
        }
        closeResources(config.createIfMissing() && (lease == null || !lease.takenOver()));
    }

    private void closeResources(boolean record) {
        if (router != null) {
            router.close();
        }
        if (feed != null) {
            feed.close();
        }
        listeners.forEach(MapEvents::closeAll);
        flusher.close();
        if (record) {
            try {
                recordState();
            } catch (RuntimeException e) {
                LOG.warn("Could not record the session state on close: {}", e.getMessage());
            }
        }
        try {
            store.flush();
        } finally {
            try {
                closeBlobs();
            } finally {
                if (lease != null) {
                    lease.close();
                }
                store.close();
                LOG.info("Depot closed {}", store.description());
                try {
                    observer.closed(config.prefix(), this); // last: the lease's release is reported before
                } catch (RuntimeException e) {
                    LOG.warn("The observer failed on close of {}: {}", store.description(), e.toString());
                }
            }
        }
    }

    private void closeBlobs() {
        BlobStore open;
        synchronized (blobLock) {
            open = blobs;
            blobs = null;
        }
        if (open != null) {
            BlobStores.close(open);
        }
    }

    @Override
    public String toString() {
        return "Depot[" + store.description() + ", prefix=" + config.prefix() + "]";
    }
}
