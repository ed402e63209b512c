package dev.depot.jdbc;

import dev.depot.testkit.DepotContractTests;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Depot's single-instance contract against an SQLite file with the default read cache in front of it. */
class SqliteCachedContractTest extends DepotContractTests {
    @TempDir
    static Path dir;

    @Override
    protected String storeUrl() {
        return "sqlite:" + dir.resolve("cached.db");
    }
}
