package dev.depot.redis.internal;

import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreProvider;
import java.util.Set;

/**
 * Opens Redis stores: {@code redis://}, {@code rediss://} (TLS), {@code redis-sentinel://},
 * {@code rediss-sentinel://}, {@code redis-cluster://} and {@code rediss-cluster://}; the URL
 * forms and parameters are listed on {@link RedisSettings}.
 */
public final class RedisStoreProvider implements StoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public RedisStoreProvider() {}

    @Override
    public Set<String> schemes() {
        return RedisSettings.SCHEMES;
    }

    /** A Lettuce {@code RedisClient} or {@code RedisClusterClient}: Depot runs on its {@code ClientResources}. */
    @Override
    public boolean acceptsClient(Object client) {
        return client instanceof io.lettuce.core.AbstractRedisClient;
    }

    @Override
    public Store open(StoreContext context) {
        return new RedisStore(context);
    }
}
