package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.IntegrationTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ordered pair of stores: maps of every codec move from one to the other with equal
 * digests, and the source is left as it was.
 */
@IntegrationTest
class MigrationPairsTest {
    record Profile(String name, List<String> tags, Instant joined) {}

    @TempDir
    Path tmp;

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (StoreKind from : StoreKind.values()) {
            for (StoreKind to : StoreKind.values()) {
                if (from != to) {
                    pairs.add(Arguments.of(from, to));
                }
            }
        }
        return pairs.stream();
    }

    static void fill(Depot d) {
        DbMap<Long, Profile> profiles = d.map("profiles", Codec.LONG, Codec.json(Profile.class));
        Map<Long, Profile> batch = new HashMap<>();
        for (long i = -1_500; i < 1_500; i++) {
            batch.put(i * 31, new Profile("user " + i + " 😀", List.of("t" + (i % 3)), Instant.ofEpochSecond(i * 1000, 7)));
        }
        profiles.putAll(batch);
        DbMap<String, byte[]> blobs = d.map("blobs", Codec.STRING, Codec.BYTES);
        blobs.put("", new byte[0]);
        blobs.put("nul\u0000key", new byte[] {0, 1, 2});
        blobs.put("big", new byte[200_000]);
        DbMap<UUID, Instant> seen = d.map("seen", Codec.UUID, Codec.INSTANT);
        for (int i = 0; i < 50; i++) {
            seen.put(new UUID(i, -i), Instant.ofEpochMilli(i * 12345L));
        }
        DbMap<byte[], Integer> raw = d.map("raw", Codec.BYTES, Codec.INT);
        raw.put(new byte[] {(byte) 0xff}, 1);
        raw.put(new byte[] {0}, -2);
        d.value("cursor", Codec.STRING).set("page-7");
        d.map("empty", Codec.INT, Codec.STRING);
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void mapsOfEveryCodecMoveWithEqualDigests(StoreKind from, StoreKind to) {
        String prefix = TestPrefixes.fresh("mig");
        String source = from.url(tmp, "source");
        String target = to.url(tmp, "target");
        DepotConfig sourceConfig = DepotConfig.builder().url(source).prefix(prefix).build();
        try (Depot d = Depot.open(sourceConfig)) {
            fill(d);
        }
        String before = Digest.of(sourceConfig);
        try (Depot d = Depot.open(DepotConfig.builder().url(target).prefix(prefix).migrateFrom(source).pageSize(500).build())) {
            assertThat(d.maps()).hasSize(6);
            assertThat(d.map("profiles", Codec.LONG, Codec.json(Profile.class)).get(31L).name()).isEqualTo("user 1 😀");
        }
        assertThat(Digest.of(DepotConfig.builder().url(target).prefix(prefix).build())).as("digest of the target").isEqualTo(before);
        assertThat(Digest.of(sourceConfig)).as("digest of the untouched source").isEqualTo(before);
    }
}
