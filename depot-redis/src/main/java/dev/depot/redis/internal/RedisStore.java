package dev.depot.redis.internal;

import dev.depot.DepotException;
import dev.depot.spi.ChangeFeed;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis deployment (server, Sentinel-managed master, or Cluster) holding one prefix's maps,
 * each a hash at {@code {<prefix>:<map>}} (see {@link RedisKeys}). Opening connects at once,
 * loads the scripts into every master and warns when the server keeps nothing on disk.
 */
final class RedisStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    /** Servers already warned about, so a program that opens many Depots sees the warning once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** Whether a server keeps its data on disk. */
    enum Durability {
        /** AOF on, or RDB snapshots configured. */
        PERSISTENT,
        /** {@code save ""} and {@code appendonly no}: a restart loses everything. */
        NONE,
        /** CONFIG is not allowed (managed Redis) and INFO does not tell. */
        UNKNOWN
    }

    private final String prefix;
    private final RedisConnection redis;
    private final RedisRawMap meta;
    /** Set by {@link #changeFeed}, before any map is opened: then every map announces its writes. */
    private volatile String origin;
    private volatile RedisChangeFeed feed;

    RedisStore(StoreContext context) {
        RedisSettings settings = RedisSettings.parse(context.url(), context.config().connectTimeout(),
                context.config().operationTimeout());
        this.prefix = context.prefix();
        // the application's Lettuce client (Depot.open(config, client)): share its resources, never its options
        // (Depot's at-most-once commands need auto-reconnect off) and never shut it down; its resources
        // then carry whatever latency recorder the application gave them, not the observer's
        io.lettuce.core.resource.ClientResources appResources =
                context.client() instanceof io.lettuce.core.AbstractRedisClient app ? app.getResources() : null;
        this.redis = new RedisConnection(settings, context.config().observer(), prefix, appResources);
        try {
            this.meta = new RedisRawMap(redis, RedisKeys.mapKey(prefix, RedisKeys.META), "the metadata of prefix '" + prefix + "'",
                    false, null);
            loadScripts(false);
            warnIfNotDurable();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** Chunks written side by side share the multiplexed connection: their commands pipeline. */
    @Override
    public int bulkWriteConcurrency() {
        return 4;
    }

    @Override
    public String description() {
        return redis.description();
    }

    @Override
    public RawMap open(RawMapSpec spec) {
        // Nothing to create: a hash exists as soon as it has a field.
        String o = origin;
        ChangeAnnouncer announcer = o == null ? null : new ChangeAnnouncer(ChangeMessage.channel(prefix), o, spec.name());
        return new RedisRawMap(redis, RedisKeys.mapKey(prefix, spec.name()), "map '" + spec.name() + "'", true, announcer);
    }

    /**
     * Turns on announcing: loads the announcing scripts, and from now on every map opened
     * publishes its changes on the prefix's channel ({@link ChangeMessage#channel}); the feed
     * returned listens there (see {@link RedisChangeFeed}). Pub/sub rather than client-side
     * caching: see "Change feed" in docs/ARCHITECTURE.md.
     *
     * @throws IllegalArgumentException when {@code origin} is empty or longer than 255 bytes
     * @throws IllegalStateException when called twice
     * @throws DepotException when the user's ACL does not allow the channel (nothing changed then)
     */
    @Override
    public synchronized Optional<ChangeFeed> changeFeed(String origin) {
        int length = origin == null ? 0 : origin.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > ChangeMessage.MAX_ORIGIN) {
            throw new IllegalArgumentException("a change feed origin must be 1 to " + ChangeMessage.MAX_ORIGIN
                    + " bytes, got " + length);
        }
        if (this.origin != null) {
            throw new IllegalStateException("the change feed of " + description() + " is already on");
        }
        checkChannel();
        loadScripts(true);
        this.origin = origin;
        this.feed = new RedisChangeFeed(redis.settings(), ChangeMessage.channel(prefix), origin);
        return Optional.of(feed);
    }

    @Override
    public RawMap metadata() {
        return meta;
    }

    @Override
    public void drop(String name) {
        byte[] key = RedisKeys.mapKey(prefix, name);
        redis.write("drop map '" + name + "'", c -> c.unlink(key));
    }

    /**
     * Publishes an empty message (which feeds ignore) on the change channel, so a user whose ACL
     * does not allow the channel fails here, clearly, instead of failing every later write.
     */
    private void checkChannel() {
        byte[] channel = ChangeMessage.channel(prefix);
        String name = new String(channel, StandardCharsets.US_ASCII);
        try {
            redis.call("publish on the change channel " + name, c -> c.publish(channel, new byte[0]));
        } catch (dev.depot.StoreUnavailableException e) {
            throw e;
        } catch (DepotException e) {
            if (String.valueOf(e.getMessage()).contains("NOPERM")) {
                throw new DepotException("Change notifications need the Redis user to publish and subscribe on channel " + name
                        + ", which its ACL does not allow (" + e.getMessage() + "); grant it, e.g. ACL SETUSER <user> &depot:*", e);
            }
            throw e;
        }
    }

    /**
     * Loads every script (the plain or the announcing forms) into every master, so the first
     * EVALSHA finds it; EVAL covers a later flush.
     */
    private void loadScripts(boolean announcing) {
        for (RedisClusterAsyncCommands<byte[], byte[]> node : redis.masters()) {
            for (RedisScripts s : RedisScripts.values()) {
                for (Map.Entry<String, byte[]> e : s.source(announcing).entrySet()) {
                    String sha = redis.call("load scripts", c -> node.scriptLoad(e.getValue()));
                    if (!e.getKey().equalsIgnoreCase(sha)) {
                        throw new DepotException("Redis at " + description() + " returned SHA " + sha + " for script " + s
                                + ", expected " + e.getKey());
                    }
                }
            }
        }
    }

    private void warnIfNotDurable() {
        Durability d = durability();
        if (d == Durability.NONE) {
            if (WARNED.add(description())) {
                LOG.warn("Redis at {} keeps nothing on disk (save \"\" and appendonly no): the data of prefix '{}' will "
                        + "NOT survive a Redis restart. Turn on AOF (appendonly yes) or RDB snapshots (save) if it matters.",
                        description(), prefix);
            } else {
                LOG.debug("Redis at {} keeps nothing on disk (already warned)", description());
            }
        } else if (d == Durability.UNKNOWN) {
            LOG.debug("Cannot tell whether Redis at {} keeps data on disk (CONFIG not allowed)", description());
        }
    }

    /**
     * Whether the server keeps data on disk: {@code NONE} when any master has neither RDB
     * snapshots ({@code save}) nor AOF ({@code appendonly}). Falls back to {@code INFO persistence}
     * when {@code CONFIG} is disabled or forbidden, as on managed services.
     */
    Durability durability() {
        Durability result = Durability.PERSISTENT;
        for (RedisClusterAsyncCommands<byte[], byte[]> node : redis.masters()) {
            Durability d = durability(node);
            if (d == Durability.NONE) {
                return d;
            }
            if (d == Durability.UNKNOWN) {
                result = d;
            }
        }
        return result;
    }

    private Durability durability(RedisClusterAsyncCommands<byte[], byte[]> node) {
        try {
            Map<String, String> config = redis.call("read the persistence settings", c -> node.configGet("save", "appendonly"));
            String save = config.getOrDefault("save", "").trim();
            boolean aof = "yes".equalsIgnoreCase(config.getOrDefault("appendonly", "no").trim());
            return aof || !save.isEmpty() ? Durability.PERSISTENT : Durability.NONE;
        } catch (dev.depot.StoreUnavailableException e) {
            throw e;
        } catch (DepotException configDisabled) {
            LOG.debug("CONFIG GET refused by {}: {}", description(), configDisabled.getMessage());
        }
        try {
            String info = redis.call("read the persistence info", c -> node.info("persistence"));
            for (String line : info.split("\r?\n")) {
                if (line.trim().equals("aof_enabled:1")) {
                    return Durability.PERSISTENT;
                }
            }
        } catch (dev.depot.StoreUnavailableException e) {
            throw e;
        } catch (DepotException infoDisabled) {
            LOG.debug("INFO refused by {}: {}", description(), infoDisabled.getMessage());
        }
        return Durability.UNKNOWN;
    }

    /** The servers (masked URLs) the durability warning has been logged for. */
    static Set<String> warned() {
        return Set.copyOf(WARNED);
    }

    /** Test hook: the connection. */
    RedisConnection connection() {
        return redis;
    }

    @Override
    public void close() {
        RedisChangeFeed f = feed;
        try {
            if (f != null) {
                f.close();
            }
        } finally {
            redis.close();
        }
    }
}
