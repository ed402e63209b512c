package dev.depot.media;

import dev.depot.DepotConfig;
import java.nio.file.Path;

/** Remote media over the filesystem blob store. */
class FileRemoteMediaTest extends RemoteMediaContractTests {
    @Override
    DepotConfig.Builder config(Path dir) {
        return MediaStores.filesystem(dir);
    }
}
