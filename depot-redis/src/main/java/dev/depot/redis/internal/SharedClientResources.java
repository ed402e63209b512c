package dev.depot.redis.internal;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce's event loops and timers, shared by every Redis store of the JVM and shut down when the
 * last one closes. One set per store would start threads for each {@code Depot} a program (or a
 * test suite) opens; Lettuce recommends sharing them.
 */
final class SharedClientResources {
    private static ClientResources resources;
    private static int users;

    private SharedClientResources() {}

    static synchronized ClientResources acquire() {
        if (resources == null) {
            resources = DefaultClientResources.builder().build();
        }
        users++;
        return resources;
    }

    static synchronized void release() {
        if (--users == 0) {
            ClientResources r = resources;
            resources = null;
            r.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
