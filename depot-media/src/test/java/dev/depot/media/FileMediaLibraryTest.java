package dev.depot.media;

import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.nio.file.Path;

/** The media pipeline over the filesystem blob store. */
@IntegrationTest
class FileMediaLibraryTest extends MediaLibraryContractTests {
    @Override
    Depot openDepot(Path dir) {
        return Depot.open(DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session"))
                .blobUrl("file:" + dir.resolve("media")).build());
    }
}
