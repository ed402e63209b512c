/**
 * Depot's Redis store: standalone, TLS, Sentinel and Cluster, on Lettuce. Found by
 * {@code ServiceLoader} through the {@code redis*} URL schemes; exports nothing.
 */
module dev.depot.redis {
    requires dev.depot.core;
    requires lettuce.core;
    requires org.slf4j;

    provides dev.depot.spi.StoreProvider with dev.depot.redis.internal.RedisStoreProvider;
}
