package dev.depot.media;

import dev.depot.DepotConfig;
import dev.depot.testkit.servers.S3ProxyServers;
import java.nio.file.Path;

/** The two blob stores the media suites run on, with records in a memory store whose session folder is in {@code dir}. */
final class MediaStores {
    private MediaStores() {}

    static DepotConfig.Builder filesystem(Path dir) {
        return DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session"))
                .blobUrl("file:" + dir.resolve("media"));
    }

    /** A fresh bucket on the JVM's shared s3proxy. */
    static DepotConfig.Builder s3(Path dir) {
        S3ProxyServers.S3Proxy s3 = S3ProxyServers.shared();
        return DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session"))
                .blobUrl(s3.url(s3.newBucket("media")));
    }
}
