package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.depot.internal.DepotImpl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON codecs for generic types, with the application's mapper and with names of its own, on a
 * memory store with a folder (written to disk and read back on reopen), and renaming a map's
 * recorded codec id.
 */
class JsonCodecMapTest {
    record Peer(String host, int port) {}

    /** The same record after a rename: what a map must still open with once its codec has a name. */
    record Node(String host, int port) {}

    @TempDir
    Path dir;

    private Depot open() {
        return Depot.open("memory:" + dir);
    }

    @Test
    void genericTypesRoundTripThroughTheStore() {
        Codec<List<Peer>> peers = Codec.json(new TypeReference<List<Peer>>() {});
        Codec<Map<String, List<Long>>> ids = Codec.json(new TypeReference<Map<String, List<Long>>>() {});
        try (Depot depot = open()) {
            depot.map("clusters", Codec.STRING, peers).put("eu", List.of(new Peer("a", 1), new Peer("b", 2)));
            depot.map("groups", Codec.STRING, ids).put("g", Map.of("z", List.of(3L, 1L), "a", List.of()));
        }
        try (Depot depot = open()) {
            List<Peer> eu = depot.map("clusters", Codec.STRING, peers).get("eu");
            // Elements come back as Peer records, not as Jackson's LinkedHashMap.
            assertThat(eu).containsExactly(new Peer("a", 1), new Peer("b", 2));
            assertThat(eu.get(0)).isInstanceOf(Peer.class);
            Map<String, List<Long>> g = depot.map("groups", Codec.STRING, ids).get("g");
            assertThat(g).isEqualTo(Map.of("z", List.of(3L, 1L), "a", List.of()));
            assertThat(g.get("z").get(0)).isInstanceOf(Long.class);
            assertThat(depot.mapInfo("clusters").orElseThrow().valueCodecId())
                    .isEqualTo("json:java.util.List<dev.depot.JsonCodecMapTest$Peer>");
        }
    }

    @Test
    void genericIdsSayTheTypeArgumentsAndPlainTypesKeepTheClassId() {
        assertThat(Codec.json(new TypeReference<Map<String, List<Long>>>() {}).id())
                .isEqualTo("json:java.util.Map<java.lang.String,java.util.List<java.lang.Long>>");
        assertThat(Codec.json(new TypeReference<Peer>() {}).id()).isEqualTo(Codec.json(Peer.class).id());
        assertThat(Codec.json(new TypeReference<List<String>>() {}).id())
                .isNotEqualTo(Codec.json(new TypeReference<List<Long>>() {}).id());
    }

    @Test
    void equalMapsEncodeToEqualBytesAlsoWithTheApplicationsMapper() {
        ObjectMapper snake = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        Codec<Map<String, Integer>> c = Codec.json(new TypeReference<Map<String, Integer>>() {}, snake);
        var a = new java.util.LinkedHashMap<String, Integer>();
        a.put("b", 2);
        a.put("a", 1);
        var b = new java.util.LinkedHashMap<String, Integer>();
        b.put("a", 1);
        b.put("b", 2);
        assertThat(c.encode(a)).isEqualTo(c.encode(b));
        assertThat(new String(c.encode(a), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"b\":2}");
    }

    @Test
    void theApplicationsMapperIsUsedAndTheIdSaysTheTypeOnly() {
        record Settings(String themeName) {}
        ObjectMapper snake = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        Codec<Settings> custom = Codec.json(Settings.class, snake);
        assertThat(new String(custom.encode(new Settings("dark")), StandardCharsets.UTF_8)).isEqualTo("{\"theme_name\":\"dark\"}");
        assertThat(custom.decode("{\"theme_name\":\"light\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(new Settings("light"));
        // Documented: the id names the type, not the mapper; a changed format takes a name of its own.
        assertThat(custom.id()).isEqualTo(Codec.json(Settings.class).id());
        assertThat(Codec.json("settings-v2", Settings.class, snake).id()).isEqualTo("json:settings-v2");
        // A binary format's factory (Smile, CBOR) says so in its format name; stand-in for one:
        JsonFactory binary = new JsonFactory() {
            @Override
            public String getFormatName() {
                return "Smile";
            }
        };
        assertThatThrownBy(() -> Codec.json(Settings.class, new ObjectMapper(binary)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writes Smile, not JSON");
    }

    @Test
    void namedCodecsHaveTheNameAsIdAndBadNamesAreRefused() {
        assertThat(Codec.json("peer", Peer.class).id()).isEqualTo("json:peer");
        assertThat(Codec.json("peers.v2", new TypeReference<List<Peer>>() {}).id()).isEqualTo("json:peers.v2");
        for (String bad : List.of("", "json:peer", "peer name", "1peer", "pé", "a".repeat(201), "peer/x")) {
            assertThatThrownBy(() -> Codec.json(bad, Peer.class)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid codec name");
        }
        assertThatThrownBy(() -> Codec.json("json:peer", Peer.class)).hasMessageContaining("leave out 'json:'");
        assertThatThrownBy(() -> Codec.json((String) null, Peer.class)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aNamedCodecSurvivesRenamingTheClass() {
        try (Depot depot = open()) {
            depot.map("peers", Codec.LONG, Codec.json("peer", Peer.class)).put(1L, new Peer("h", 80));
        }
        try (Depot depot = open()) {
            assertThat(depot.map("peers", Codec.LONG, Codec.json("peer", Node.class)).get(1L)).isEqualTo(new Node("h", 80));
        }
    }

    @Test
    void openingWithAnotherIdIsRefusedBeforeAnythingIsRead() {
        try (Depot depot = open()) {
            depot.map("peers", Codec.LONG, Codec.json(Peer.class)).put(1L, new Peer("h", 80));
        }
        try (Depot depot = open()) {
            assertThatThrownBy(() -> depot.map("peers", Codec.LONG, Codec.json(Node.class)))
                    .isInstanceOf(CodecMismatchException.class).hasMessageContaining("json:dev.depot.JsonCodecMapTest$Peer");
        }
    }

    @Test
    void renamingTheRecordedIdOpensWithTheNewIdAndRefusesTheOld() {
        try (Depot depot = open()) {
            depot.map("peers", Codec.LONG, Codec.json(Peer.class)).put(1L, new Peer("h", 80));
        }
        try (Depot depot = open()) {
            MapInfo moved = ((DepotImpl) depot).renameCodec("peers", "json:dev.depot.JsonCodecMapTest$Peer", "json:peer");
            assertThat(moved).isEqualTo(new MapInfo("peers", "long", "json:peer"));
        }
        try (Depot depot = open()) {
            assertThat(depot.mapInfo("peers").orElseThrow().valueCodecId()).isEqualTo("json:peer");
            assertThat(depot.map("peers", Codec.LONG, Codec.json("peer", Node.class)).get(1L)).isEqualTo(new Node("h", 80));
        }
        try (Depot depot = open()) {
            assertThatThrownBy(() -> depot.map("peers", Codec.LONG, Codec.json(Peer.class)))
                    .isInstanceOf(CodecMismatchException.class);
        }
    }

    @Test
    void renamingChecksTheOldIdAndTheKindsAndChangesNothingOnError() {
        try (Depot depot = open()) {
            depot.map("peers", Codec.LONG, Codec.json(Peer.class)).put(1L, new Peer("h", 80));
        }
        try (Depot depot = open()) {
            DepotImpl impl = (DepotImpl) depot;
            assertThatThrownBy(() -> impl.renameCodec("peers", "json:other", "json:peer"))
                    .isInstanceOf(CodecMismatchException.class).hasMessageContaining("neither is 'json:other'");
            assertThatThrownBy(() -> impl.renameCodec("peers", "long", "int"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built-in");
            assertThatThrownBy(() -> impl.renameCodec("peers", "json:dev.depot.JsonCodecMapTest$Peer", "protobuf-peer"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("json: id moves only");
            assertThatThrownBy(() -> impl.renameCodec("peers", "json:dev.depot.JsonCodecMapTest$Peer", "json:bad id"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid codec id");
            assertThatThrownBy(() -> impl.renameCodec("nothere", "json:a", "json:b"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no map 'nothere'");
            assertThat(depot.mapInfo("peers").orElseThrow().valueCodecId()).isEqualTo("json:dev.depot.JsonCodecMapTest$Peer");
            assertThat(depot.map("peers", Codec.LONG, Codec.json(Peer.class)).get(1L)).isEqualTo(new Peer("h", 80));
            assertThatThrownBy(() -> impl.renameCodec("peers", "json:dev.depot.JsonCodecMapTest$Peer", "json:peer"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is open in this Depot");
        }
    }
}
