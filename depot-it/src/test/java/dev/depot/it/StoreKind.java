package dev.depot.it;

import dev.depot.testkit.servers.MariaDbServers;
import dev.depot.testkit.servers.PostgresServers;
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
    POSTGRES {
        @Override
        String url(Path tmp, String name) {
            return PostgresServers.shared().url("it"); // tests isolate by prefix
        }
    },
    MARIADB {
        @Override
        String url(Path tmp, String name) {
            return MariaDbServers.shared().url("it");
        }
    },
    REDIS {
        @Override
        String url(Path tmp, String name) {
            return RedisServers.shared().url();
        }
    };

    /** A URL where this kind of store holds nothing yet for a fresh prefix. */
    abstract String url(Path tmp, String name);
}
