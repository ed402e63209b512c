package dev.depot;

import dev.depot.internal.DepotImpl;
import java.util.List;
import java.util.Optional;

/**
 * An application's state in the store its operator picks. Open one per process and prefix,
 * get typed maps from it, close it on shutdown.
 *
 * <pre>{@code
 * try (Depot depot = Depot.open("sqlite:./data/app.db")) {
 *     DbMap<Long, Peer> peers = depot.map("peers", Codec.LONG, Codec.json(Peer.class));
 *     peers.put(42L, peer);
 * }
 * }</pre>
 *
 * <p>Thread-safe: maps and values may be shared by any number of threads. After
 * {@link #close()} every map of this instance throws {@link IllegalStateException}.
 */
public interface Depot extends AutoCloseable {

    /**
     * Opens the store the configuration names, creating its tables or files when missing. When
     * the session record names another map store or blob store than the configured ones (or
     * {@link DepotConfig#migrateFrom()} / {@link DepotConfig#migrateBlobsFrom()} is set), first
     * copies the maps, then the blobs, resuming an interrupted copy.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     * @throws MigrationException        when a copy fails; the sources are intact and the next open resumes
     * @throws DepotException            when no installed module handles the URL's scheme
     */
    static Depot open(DepotConfig config) {
        return DepotImpl.open(config);
    }

    /**
     * Opens the store behind the application's own {@link javax.sql.DataSource}, as
     * {@code Jdbi.create(dataSource)} does: the database (PostgreSQL, MySQL/MariaDB or SQLite) is
     * told by the connection's metadata, and {@link DepotConfig#url()} is replaced by the URL the
     * metadata reports (without parameters and password), which is also what the session folder
     * records. Depot borrows at most {@link DepotConfig#maxConnections()} connections from it,
     * gives idle ones back, and never closes it: the application's pool stays usable after
     * {@link #close()}. The database must exist (Depot does not create it), and a PostgreSQL
     * store so opened has no pooler bypass ({@code directUrl}) and no read replica.
     *
     * @throws IllegalArgumentException when the data source's database is not one Depot stores in,
     *                                  or (MySQL/MariaDB) its driver lacks a setting Depot needs
     * @throws StoreUnavailableException when no connection can be had from it
     */
    static Depot open(DepotConfig config, javax.sql.DataSource dataSource) {
        return DepotImpl.open(config, java.util.Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Opens the store over {@code client}, a connection object the application already has: a
     * {@link javax.sql.DataSource} (see {@link #open(DepotConfig, javax.sql.DataSource)}), or,
     * with {@code depot-redis}, a Lettuce {@code RedisClient} or {@code RedisClusterClient}, whose
     * event loops and threads ({@code ClientResources}) Depot then shares instead of starting its
     * own, connecting to {@link DepotConfig#url()} (a Redis URL). Depot never closes or shuts down
     * the client.
     *
     * @throws IllegalArgumentException when no installed store takes that kind of client for the URL
     */
    static Depot open(DepotConfig config, Object client) {
        return DepotImpl.open(config, java.util.Objects.requireNonNull(client, "client"));
    }

    /** Opens {@code url} with every other setting at its default. */
    static Depot open(String url) {
        return open(DepotConfig.builder().url(url).build());
    }

    /** Opens the store named by the environment ({@link DepotConfig#fromEnv()}). */
    static Depot open() {
        return open(DepotConfig.fromEnv());
    }

    /**
     * The map called {@code name}, created when missing. Asking again for the same name with
     * the same codecs returns the same instance.
     *
     * @throws IllegalArgumentException when the name is not {@code [A-Za-z0-9_]}, starts with
     *                                  {@code depot_}, or is too long for the store with this prefix
     * @throws CodecMismatchException   when the map was created with other codecs
     */
    <K, V> DbMap<K, V> map(String name, Codec<K> keyCodec, Codec<V> valueCodec);

    /**
     * Like {@link #map(String, Codec, Codec)} with per-map cache and write-mode settings. The
     * options of the first call for a name apply for the life of this Depot. The memory store
     * ignores them: it has no cache and writes at once.
     */
    <K, V> DbMap<K, V> map(String name, Codec<K> keyCodec, Codec<V> valueCodec, MapOptions options);

    /**
     * One named value, kept as a one-entry map called {@code name} (same naming rules and
     * codec check as {@link #map}).
     */
    <T> DbValue<T> value(String name, Codec<T> codec);

    /**
     * Fills every {@link Stored} field of {@code target} (and of its superclasses) with its map
     * or value, and returns {@code target}. Every field is checked before any map is opened.
     *
     * @throws IllegalArgumentException naming the field when its type cannot be mapped, or it is
     *                                  static, or its package is not open to Depot
     */
    <T> T bind(T target);

    /**
     * The blob store: objects (media) beside the maps. It is {@link DepotConfig#blobUrl()}, else
     * the filesystem store in the session folder's {@code media/}. Opened on first call (or at
     * {@code open}, when a changed blob store was migrated there) and closed with this Depot;
     * every call returns the same instance.
     *
     * @throws DepotException when the blob URL's scheme has no installed store, or the default
     *                        filesystem store has no session folder to live in (set
     *                        {@code blobUrl}/{@code DEPOT_BLOB_URL} or {@code sessionDir})
     * @throws IllegalStateException when this Depot is closed
     */
    BlobStore blobs();

    /**
     * Media uploads over this Depot's maps and {@link #blobs()}, with {@link MediaLimits#defaults()}.
     * Each call returns a new, cheap library over the same map and store; the workers that process
     * large video and audio in the background are shared by every library of this Depot with the
     * same {@link MediaLimits#workers()} and {@link MediaLimits#queueSize()}, and stop when it closes.
     *
     * @throws IllegalStateException when the module {@code depot-media} is not installed
     * @throws DepotException        when {@link #blobs()} cannot open the blob store
     */
    default MediaLibrary media() {
        return media(MediaLimits.defaults());
    }

    /**
     * Like {@link #media()}, refusing uploads over {@code limits}.
     *
     * @throws IllegalStateException when the module {@code depot-media} is not installed
     */
    default MediaLibrary media(MediaLimits limits) {
        return media(limits, RemoteMediaOptions.defaults());
    }

    /**
     * Like {@link #media(MediaLimits)}, fetching remote media and capping their cache as {@code remote} says.
     *
     * @throws IllegalStateException when the module {@code depot-media} is not installed
     */
    default MediaLibrary media(MediaLimits limits, RemoteMediaOptions remote) {
        return dev.depot.internal.media.MediaLibraries.open(this, limits, remote);
    }

    /** Every map of this prefix known to the store, by name. */
    List<MapInfo> maps();

    /** The map's record, if the map exists in the store. */
    Optional<MapInfo> mapInfo(String name);

    /** The store's URL with its password masked. */
    String storeDescription();

    /** The settings this instance was opened with. */
    DepotConfig config();

    /**
     * Whether other processes' writes reach this Depot's caches and listeners now: {@code NONE}
     * without {@code sharedAccess} or on a store without a change feed, else whether the feed is
     * connected. Cheap and thread-safe; meant for health checks and a metric.
     */
    ChangeFeedState changeFeedState();

    /**
     * Checks each part of this Depot now, with {@link DepotConfig#operationTimeout()} as the bound on
     * each round trip: see {@link #health(java.time.Duration)}.
     */
    default Health health() {
        return health(config().operationTimeout());
    }

    /**
     * Checks each part of this Depot now: the store (a real read of its metadata), the blob store
     * when one is configured or open (a real lookup), the lease (held and renewable), the
     * write-behind backlog (down while a flush fails, or a buffer is nine-tenths full) and the change
     * feed (down while disconnected). Never throws for a part that is down: the part says why.
     * Thread-safe; each round trip waits at most {@code timeout}.
     *
     * @throws IllegalStateException when this Depot is closed
     */
    Health health(java.time.Duration timeout);

    /**
     * Writes every write-behind entry to the store and makes everything written so far durable
     * (writes the memory store's snapshot).
     *
     * @throws StoreUnavailableException when the store cannot take the entries; they stay buffered
     */
    void flush();

    /**
     * Flushes and releases connections and files. Idempotent.
     *
     * @throws StoreUnavailableException when write-behind entries cannot be written; the Depot
     *                                   then stays open, so nothing is dropped, and close can be retried
     */
    @Override
    void close();
}
