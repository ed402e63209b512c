package dev.depot.redis.internal;

import dev.depot.spi.DepotObserver;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce's event loops and timers, shared by every Redis store of the JVM and shut down when the
 * last one closes. One set per store would start threads for each {@code Depot} a program (or a
 * test suite) opens; Lettuce recommends sharing them. A Depot with an observer (metrics) gets a
 * set of its own instead, built after the observer saw the builder: Lettuce's command latency
 * recorder belongs to the resources, and one registry must not hear other Depots' commands.
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

    /** The shared set, or with an observer a set of this store's own, configured by it. */
    static ClientResources acquire(DepotObserver observer, String prefix) {
        if (observer == DepotObserver.NONE) {
            return acquire();
        }
        DefaultClientResources.Builder builder = DefaultClientResources.builder();
        observer.configureClient(prefix, builder);
        return builder.build();
    }

    static synchronized void release() {
        if (--users == 0) {
            ClientResources r = resources;
            resources = null;
            r.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Releases what {@link #acquire(DepotObserver, String)} returned. */
    static void release(ClientResources acquired) {
        synchronized (SharedClientResources.class) {
            if (acquired == resources) {
                release();
                return;
            }
        }
        acquired.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
