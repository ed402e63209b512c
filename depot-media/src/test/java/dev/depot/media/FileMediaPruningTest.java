package dev.depot.media;

import dev.depot.DepotConfig;
import java.nio.file.Path;

/** Pruning and usage over the filesystem blob store. */
class FileMediaPruningTest extends MediaPruningContractTests {
    @Override
    DepotConfig.Builder config(Path dir) {
        return MediaStores.filesystem(dir);
    }
}
