package dev.depot.it;

import dev.depot.testkit.servers.RedisServers;
import java.nio.file.Path;

/** The stores a cross-store test can use, each giving a fresh, empty location. */
enum StoreKind {
    MEMORY {
        @Override
        String url(Path tmp, String name) {
            return "memory:" + tmp.resolve("memory-" + name);
        }
    },
    SQLITE {
        @Override
        String url(Path tmp, String name) {
            return "sqlite:" + tmp.resolve("sqlite-" + name + ".db");
        }
    },
    REDIS {
        @Override
        String url(Path tmp, String name) {
            return RedisServers.shared().url(); // tests isolate by prefix
        }
    };

    /** A URL where this kind of store holds nothing yet for a fresh prefix. */
    abstract String url(Path tmp, String name);
}
