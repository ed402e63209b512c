package dev.depot.testkit;

import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The blob contract against the filesystem store, opened by URL as a program would. */
class FileBlobStoreContractTest extends BlobStoreContractTests {
    @TempDir
    static Path dir;

    private static BlobStore store;

    @BeforeAll
    static void open() {
        store = BlobStore.open("file:" + dir.resolve("media") + "?baseUrl=https://cdn.example.com/system", DepotConfig.builder().build());
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected boolean signsUrls() {
        return false;
    }
}
