package dev.depot.jdbc;

import dev.depot.testkit.SharedStoreContractTests;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Depot's contract suite, shared-store part included (two processes may share one file),
 * against an SQLite file with the default settings, read cache included.
 */
class SqliteContractTest extends SharedStoreContractTests {
    @TempDir
    static Path dir;

    @Override
    protected String storeUrl() {
        return "sqlite:" + dir.resolve("contract.db");
    }
}
