package dev.depot.media;

import dev.depot.DepotConfig;
import dev.depot.testkit.junit.IntegrationTest;
import java.nio.file.Path;

/** Remote media over the filesystem blob store. */
@IntegrationTest // caching a remote image runs vips
class FileRemoteMediaTest extends RemoteMediaContractTests {
    @Override
    DepotConfig.Builder config(Path dir) {
        return MediaStores.filesystem(dir);
    }
}
