package dev.depot.jdbc;

import dev.depot.DepotConfig;
import dev.depot.testkit.SharedStoreContractTests;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * Depot's contract suite, shared-store part included (two processes may share one file),
 * against an SQLite file, with the read cache off unless a test sets its own TTL: every read
 * reaches the store. {@link SqliteCachedContractTest} runs the single-instance part with the
 * default cache.
 *
 * <p>Why the cache is off here: {@code SharedStoreContractTests.twoInstancesMergingTheSameKeysLoseNoUpdate}
 * ends with {@code b.get("k0")}, which with the default 5-minute cache returns instance b's own
 * last merged value whenever instance a merged that key last (cross-instance staleness is
 * bounded by the TTL, as designed), so it fails about every other run. Reported to the testkit
 * owner; turn the cache back on here once that read bypasses the cache.
 */
class SqliteContractTest extends SharedStoreContractTests {
    @TempDir
    static Path dir;

    @Override
    protected String storeUrl() {
        return "sqlite:" + dir.resolve("contract.db");
    }

    @Override
    protected DepotConfig.Builder configure(DepotConfig.Builder builder) {
        return builder.cacheTtl(Duration.ZERO);
    }
}
