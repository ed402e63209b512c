package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** info, maps, get, put, delete and dump on a real store, with data written by the library. */
class MapCommandsTest extends StoreFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    void fill(Depot depot) {
        DbMap<Long, User> users = depot.map("users", Codec.LONG, Codec.json(User.class));
        users.put(1L, new User(1, "Ada", "ada@example.org", Instant.parse("2025-01-02T03:04:05Z")));
        users.put(2L, new User(2, "Alan", "alan@example.org", Instant.parse("2025-02-03T04:05:06Z")));
        DbMap<String, String> settings = depot.map("settings", Codec.STRING, Codec.STRING);
        settings.put("theme", "dark mode");
        settings.put("lang", "en");
        depot.map("blobs", Codec.UUID, Codec.BYTES)
                .put(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new byte[] {104, 105});
    }

    private Cli.Result depot(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", url));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void infoShowsStoreMapsCodecsAndCounts() {
        Cli.Result r = depot("info");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("Store:  " + url).contains("Prefix: depot").contains("Maps:   3");
        assertThat(r.out().lines().filter(l -> l.trim().startsWith("users")))
                .singleElement().asString().containsPattern("users\\s+long\\s+json:dev\\.depot\\.cli\\.User\\s+2$");
        assertThat(r.out().lines().filter(l -> l.trim().startsWith("settings")))
                .singleElement().asString().containsPattern("settings\\s+string\\s+string\\s+2$");
        assertThat(r.out().lines().filter(l -> l.trim().startsWith("blobs")))
                .singleElement().asString().containsPattern("blobs\\s+uuid\\s+bytes\\s+1$");
    }

    @Test
    void infoOnAMissingStoreSaysNothingIsThere() {
        Cli.Result r = Cli.run("--url", Cli.storeUrl(dir.resolve("empty")), "info");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("nothing is there");
        assertThat(dir.resolve("empty")).doesNotExist();
    }

    @Test
    void mapsPrintsOneNamePerLine() {
        Cli.Result r = depot("maps");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out().lines().sorted().toList()).containsExactly("blobs", "settings", "users");
    }

    @Test
    void getPrintsValuesInTheMapsTextForm() {
        assertThat(depot("get", "settings", "theme").out()).isEqualTo("dark mode\n");
        assertThat(depot("get", "blobs", "123e4567-e89b-12d3-a456-426614174000").out()).isEqualTo("aGk=\n");

        Cli.Result user = depot("get", "users", "2");
        assertThat(user.exitCode()).isZero();
        JsonNode json = parse(user.out().trim());
        assertThat(json.get("name").asText()).isEqualTo("Alan");
        assertThat(json.get("joinedAt").asText()).isEqualTo("2025-02-03T04:05:06Z");
    }

    @Test
    void getOfAMissingKeyFailsWithExitCode1() {
        Cli.Result r = depot("get", "settings", "nope");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no key 'nope' in map 'settings'");
    }

    @Test
    void getOfAMissingMapFailsNamingTheMap() {
        Cli.Result r = depot("get", "nothing_here", "1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no map 'nothing_here'").contains("depot maps");
    }

    @Test
    void keyTextThatDoesNotFitTheCodecIsAUsageError() {
        Cli.Result r = depot("get", "users", "abc");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().trim()).isEqualTo("depot get: key 'abc' is not a long (a decimal number)");
    }

    @Test
    void putWritesWithTheRecordedCodecs() {
        assertThat(depot("put", "users", "3", "{\"id\":3,\"name\":\"Grace\",\"email\":\"g@example.org\"}").exitCode())
                .isZero();
        assertThat(depot("put", "settings", "theme", "light").exitCode()).isZero();

        try (Depot depot = Depot.open(url)) {
            User grace = depot.map("users", Codec.LONG, Codec.json(User.class)).get(3L);
            assertThat(grace).isEqualTo(new User(3, "Grace", "g@example.org", null));
            assertThat(depot.map("settings", Codec.STRING, Codec.STRING).get("theme")).isEqualTo("light");
        }
    }

    @Test
    void putCreatesAMapWithTheGivenCodecs() {
        Cli.Result r = depot("put", "events", "2025-01-31T12:00:00Z", "42", "--key-codec", "instant", "--value-codec", "int");
        assertThat(r.exitCode()).as(r.all()).isZero();

        assertThat(depot("get", "events", "2025-01-31T12:00:00Z").out()).isEqualTo("42\n");
        try (Depot depot = Depot.open(url)) {
            assertThat(depot.mapInfo("events")).hasValueSatisfying(info -> {
                assertThat(info.keyCodecId()).isEqualTo("instant");
                assertThat(info.valueCodecId()).isEqualTo("int");
            });
            assertThat(depot.map("events", Codec.INSTANT, Codec.INT).get(Instant.parse("2025-01-31T12:00:00Z")))
                    .isEqualTo(42);
        }
    }

    @Test
    void putOnANewMapDefaultsToStrings() {
        assertThat(depot("put", "notes", "todo", "write tests").exitCode()).isZero();

        try (Depot depot = Depot.open(url)) {
            assertThat(depot.map("notes", Codec.STRING, Codec.STRING).get("todo")).isEqualTo("write tests");
        }
    }

    @Test
    void putWithACodecOtherThanTheRecordedOneIsRefused() {
        Cli.Result r = depot("put", "settings", "x", "1", "--value-codec", "long");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("map 'settings' exists with value-codec 'string', not 'long'");
        assertThat(depot("get", "settings", "x").exitCode()).isEqualTo(1);
    }

    @Test
    void putOfInvalidJsonIsRefused() {
        Cli.Result r = depot("put", "users", "9", "{not json");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("value '{not json' is not JSON");
        assertThat(depot("get", "users", "9").exitCode()).isEqualTo(1);
    }

    @Test
    void putOfBytesTakesBase64() {
        String key = "00000000-0000-0000-0000-000000000001";
        assertThat(depot("put", "blobs", key, "AAEC/w==").exitCode()).isZero();

        try (Depot depot = Depot.open(url)) {
            assertThat(depot.map("blobs", Codec.UUID, Codec.BYTES).get(UUID.fromString(key)))
                    .containsExactly(0, 1, 2, -1);
        }
    }

    @Test
    void deleteRemovesAndReportsAMissingKey() {
        assertThat(depot("delete", "settings", "lang").exitCode()).isZero();
        assertThat(depot("get", "settings", "lang").exitCode()).isEqualTo(1);

        Cli.Result again = depot("delete", "settings", "lang");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no key 'lang' in map 'settings'");
    }

    @Test
    void dumpPrintsOneJsonObjectPerEntryWithJsonValuesEmbedded() {
        Cli.Result r = depot("dump", "users");

        assertThat(r.exitCode()).as(r.all()).isZero();
        Map<Long, JsonNode> byKey = new TreeMap<>();
        for (String line : r.out().lines().toList()) {
            JsonNode node = parse(line);
            assertThat(node.size()).as(line).isEqualTo(2);
            assertThat(node.get("key").isIntegralNumber()).as(line).isTrue();
            assertThat(node.get("value").isObject()).as("JSON value embedded as an object: " + line).isTrue();
            byKey.put(node.get("key").asLong(), node.get("value"));
        }
        assertThat(byKey).containsOnlyKeys(1L, 2L);
        assertThat(byKey.get(1L).get("name").asText()).isEqualTo("Ada");
        assertThat(byKey.get(2L).get("email").asText()).isEqualTo("alan@example.org");
    }

    @Test
    void dumpWritesTextAndBytesAsJsonStrings() {
        Map<String, String> settings = new TreeMap<>();
        for (String line : depot("dump", "settings").out().lines().toList()) {
            JsonNode node = parse(line);
            assertThat(node.get("value").isTextual()).isTrue();
            settings.put(node.get("key").asText(), node.get("value").asText());
        }
        assertThat(settings).containsExactly(Map.entry("lang", "en"), Map.entry("theme", "dark mode"));

        JsonNode blob = parse(depot("dump", "blobs").out().trim());
        assertThat(blob.get("key").asText()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(blob.get("value").asText()).isEqualTo("aGk=");
    }

    @Test
    void dumpStreamsAMapOfManyPages() {
        try (Depot depot = Depot.open(dev.depot.DepotConfig.builder().url(url).pageSize(7).build())) {
            DbMap<Integer, String> many = depot.map("many", Codec.INT, Codec.STRING);
            for (int i = 0; i < 100; i++) {
                many.put(i, "v" + i);
            }
        }

        List<String> lines = depot("dump", "many").out().lines().toList();

        assertThat(lines).hasSize(100);
        assertThat(lines.stream().map(l -> parse(l).get("key").asInt()).sorted().toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void prefixOptionSelectsAnotherNamespace() {
        assertThat(depot("--prefix", "other", "put", "notes", "a", "b").exitCode()).isZero();

        assertThat(depot("--prefix", "other", "maps").out()).isEqualTo("notes\n");
        assertThat(depot("maps").out()).doesNotContain("notes");
        assertThat(depot("get", "notes", "a", "--prefix", "other").out()).isEqualTo("b\n");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
