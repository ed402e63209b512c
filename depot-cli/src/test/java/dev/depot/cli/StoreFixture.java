package dev.depot.cli;

import dev.depot.Depot;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the tool on a fresh SQLite store ({@link Cli#storeUrl}) that the library filled before each test. */
abstract class StoreFixture {
    @TempDir
    Path dir;

    /** The store's URL, for {@code --url}. */
    String url;

    /** Writes what the test's store holds, through the library. */
    abstract void fill(Depot depot);

    @BeforeEach
    void createStore() {
        url = Cli.storeWith(dir, this::fill);
    }
}
