package dev.depot.jdbc;

import dev.depot.testkit.DepotContractTests;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Depot's contract suite against an SQLite file. */
class SqliteContractTest extends DepotContractTests {
    @TempDir
    static Path dir;

    @Override
    protected String storeUrl() {
        return "sqlite:" + dir.resolve("contract.db");
    }
}
