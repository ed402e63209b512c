package dev.depot.redis.internal;

import java.util.Set;

/** Test access to the servers the durability warning was logged for. */
final class RedisStoreWarnings {
    private RedisStoreWarnings() {}

    static Set<String> warned() {
        return RedisStore.warned();
    }
}
