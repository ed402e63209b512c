package dev.depot.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite against the memory store with a snapshot folder. */
class MemoryContractTest extends DepotContractTests {
    @TempDir
    static Path dir;

    @Override
    protected String storeUrl() {
        return "memory:" + dir;
    }
}
