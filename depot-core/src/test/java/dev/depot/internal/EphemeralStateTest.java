package dev.depot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a session folder (a container without a volume), the record lives in the store. */
class EphemeralStateTest {
    @TempDir
    Path tmp;

    @Test
    void theStoreRecordsItselfAndItsMaps() throws Exception {
        Path data = tmp.resolve("data");
        String source = "memory:" + tmp.resolve("old");
        try (Depot d = Depot.open(source)) {
            d.map("a", Codec.STRING, Codec.STRING).put("k", "v");
        }
        DepotConfig config = DepotConfig.builder().url("memory:" + data).prefix("app").migrateFrom(source).build();
        try (Depot d = Depot.open(DepotConfig.builder().url(source).prefix("app").build())) {
            d.map("b", Codec.LONG, Codec.STRING).put(1L, "x");
        }
        try (Depot d = Depot.open(config)) {
            d.map("c", Codec.INT, Codec.STRING).put(2, "y");
            assertThat(((DepotImpl) d).storeRecord()).hasValueSatisfying(r -> {
                assertThat(r.store()).isEqualTo("memory:" + data);
                assertThat(r.maps()).contains("b");
            });
        }
        try (Depot d = Depot.open(DepotConfig.builder().url("memory:" + data).prefix("app").build())) {
            assertThat(((DepotImpl) d).storeRecord()).hasValueSatisfying(r -> assertThat(r.maps()).containsExactly("b", "c"));
            assertThat(d.map("b", Codec.LONG, Codec.STRING).get(1L)).isEqualTo("x");
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("depot-state.json");
        }
    }
}
