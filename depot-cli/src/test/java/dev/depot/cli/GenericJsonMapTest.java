package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.depot.Codec;
import dev.depot.Depot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Generic JSON values in a SQL store (a JSON column): read back typed by the library, and as JSON by the tool. */
class GenericJsonMapTest extends StoreFixture {
    record Peer(String host, int port) {}

    private static final Codec<List<Peer>> PEERS = Codec.json(new TypeReference<List<Peer>>() {});
    private static final Codec<Map<String, List<Long>>> IDS = Codec.json(new TypeReference<Map<String, List<Long>>>() {});

    @Override
    void fill(Depot depot) {
        depot.map("clusters", Codec.STRING, PEERS).put("eu", List.of(new Peer("a", 1), new Peer("b", 2)));
        depot.map("groups", Codec.STRING, IDS).put("g", Map.of("z", List.of(3L, 1L), "a", List.of()));
    }

    @Test
    void roundTripsOnSqliteAndTheToolPrintsTheJson() {
        try (Depot depot = Depot.open(url)) {
            List<Peer> eu = depot.map("clusters", Codec.STRING, PEERS).get("eu");
            assertThat(eu).containsExactly(new Peer("a", 1), new Peer("b", 2));
            assertThat(depot.map("groups", Codec.STRING, IDS).get("g")).isEqualTo(Map.of("z", List.of(3L, 1L), "a", List.of()));
            // compare-and-set compares the stored bytes: an equal map in another order must match
            assertThat(depot.map("groups", Codec.STRING, IDS).replace("g",
                    new java.util.TreeMap<>(Map.of("a", List.of(), "z", List.of(3L, 1L))), Map.of())).isTrue();
        }
        Cli.Result r = Cli.run("--url", url, "get", "clusters", "eu");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out().replaceAll("\\s", "")).isEqualTo("[{\"host\":\"a\",\"port\":1},{\"host\":\"b\",\"port\":2}]");
        assertThat(Cli.run("--url", url, "info").out())
                .contains("json:java.util.List<dev.depot.cli.GenericJsonMapTest$Peer>")
                .contains("json:java.util.Map<java.lang.String,java.util.List<java.lang.Long>>");
    }
}
