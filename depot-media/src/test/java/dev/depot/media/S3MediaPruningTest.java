package dev.depot.media;

import dev.depot.DepotConfig;
import dev.depot.testkit.junit.IntegrationTest;
import java.nio.file.Path;

/** Pruning and usage over the S3 blob store, against a throwaway s3proxy (started by the test, never skipped). */
@IntegrationTest
class S3MediaPruningTest extends MediaPruningContractTests {
    @Override
    DepotConfig.Builder config(Path dir) {
        return MediaStores.s3(dir);
    }
}
