package dev.depot.media;

import dev.depot.DepotConfig;
import dev.depot.testkit.junit.IntegrationTest;
import java.nio.file.Path;

/** Pruning and usage over the filesystem blob store. */
@IntegrationTest // uploads run vips
class FileMediaPruningTest extends MediaPruningContractTests {
    @Override
    DepotConfig.Builder config(Path dir) {
        return MediaStores.filesystem(dir);
    }
}
