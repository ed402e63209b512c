package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store reached under another URL (here the same SQLite file by a second path; in production the
 * primary plus its standby listed for failover, {@code postgres://db1/app} becoming
 * {@code postgres://db1,db2/app?targetServerType=primary}) is the same store: the session state
 * records a different URL, but {@code open} must not "migrate" the prefix from itself, which would
 * clear the maps it was about to copy.
 */
class SameStoreUnderAnotherUrlTest {
    @TempDir
    Path tmp;

    @Test
    void theSameDatabaseUnderAnotherUrlKeepsItsMaps() {
        Path session = tmp.resolve("session");
        String direct = "sqlite:" + tmp.resolve("db/app.db");
        String sameFile = "sqlite:" + tmp.resolve("db/../db/app.db");
        try (Depot d = Depot.open(DepotConfig.builder().url(direct).prefix("p").sharedAccess(true).sessionDir(session).build())) {
            d.map("m", Codec.STRING, Codec.STRING).put("k", "v");
        }
        try (Depot d = Depot.open(DepotConfig.builder().url(sameFile).prefix("p").sharedAccess(true).sessionDir(session)
                .build())) {
            assertThat(d.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
        try (Depot d = Depot.open(DepotConfig.builder().url(direct).prefix("p").sessionDir(session).build())) {
            assertThat(d.map("m", Codec.STRING, Codec.STRING).get("k")).isEqualTo("v");
        }
    }
}
