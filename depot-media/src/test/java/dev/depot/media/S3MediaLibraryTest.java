package dev.depot.media;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.servers.S3ProxyServers;
import java.nio.file.Path;

/** The media pipeline over the S3 blob store, against a throwaway s3proxy (started by the test, never skipped). */
class S3MediaLibraryTest extends MediaLibraryContractTests {
    @Override
    Depot openDepot(Path dir) {
        S3ProxyServers.S3Proxy s3 = S3ProxyServers.shared();
        return Depot.open(DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session"))
                .blobUrl(s3.url(s3.newBucket("media"))).build());
    }
}
