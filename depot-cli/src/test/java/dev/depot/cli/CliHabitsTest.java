package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.Codec;
import dev.depot.Depot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --json} of info and maps, {@code depot completion} and {@code depot --version}. */
class CliHabitsTest extends StoreFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Note(String text) {}

    @Override
    void fill(Depot depot) {
        depot.map("settings", Codec.STRING, Codec.STRING).put("theme", "dark");
        depot.map("notes", Codec.LONG, Codec.json(Note.class)).put(1L, new Note("a"));
        depot.map("notes", Codec.LONG, Codec.json(Note.class)).put(2L, new Note("b"));
    }

    @Test
    void infoJsonHasStablePrefixStoreAndMapsWithCounts() throws IOException {
        Cli.Result r = Cli.run("--url", url, "info", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("store").asText()).isEqualTo(url);
        assertThat(doc.get("prefix").asText()).isEqualTo("depot");
        assertThat(doc.get("maps")).hasSize(2);
        JsonNode notes = doc.get("maps").get(0);
        assertThat(notes.get("name").asText()).isEqualTo("notes");
        assertThat(notes.get("keyCodec").asText()).isEqualTo("long");
        assertThat(notes.get("valueCodec").asText()).isEqualTo("json:dev.depot.cli.CliHabitsTest$Note");
        assertThat(notes.get("entries").asLong()).isEqualTo(2);
        assertThat(doc.get("maps").get(1).get("entries").asLong()).isEqualTo(1);
    }

    @Test
    void infoJsonGivesNullEntriesForAProgramsOwnCodec() throws IOException {
        try (Depot depot = Depot.open(url)) {
            depot.map("custom", Codec.STRING, new CustomCodecMapTest.ReversedText());
        }
        JsonNode doc = JSON.readTree(Cli.run("--url", url, "info", "--json").out());
        JsonNode custom = doc.get("maps").get(0);
        assertThat(custom.get("name").asText()).isEqualTo("custom");
        assertThat(custom.get("entries").isNull()).isTrue();
    }

    @Test
    void mapsJsonListsNamesAndCodecs() throws IOException {
        Cli.Result r = Cli.run("--url", url, "maps", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("prefix").asText()).isEqualTo("depot");
        assertThat(doc.get("maps").findValuesAsText("name")).containsExactly("notes", "settings");
        assertThat(doc.get("maps").get(1).get("valueCodec").asText()).isEqualTo("string");
        // Without --json: names only, one per line, as before.
        assertThat(Cli.run("--url", url, "maps").out()).isEqualTo("notes\nsettings\n");
    }

    @Test
    void versionIsTheProjectVersion() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).matches("depot \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void completionScriptCompletesCommandsAndOptionsInBash() throws Exception {
        Cli.Result r = Cli.run("completion");
        assertThat(r.exitCode()).as(r.all()).isZero();
        Path script = dir.resolve("depot-completion.bash");
        Files.writeString(script, r.out());

        // What a user gets after 'source <(depot completion)': complete "depot m" and "depot info --j".
        assertThat(complete(script, "depot", "m")).containsExactlyInAnyOrder("maps", "media", "migrate");
        assertThat(complete(script, "depot", "info", "--j")).containsExactly("--json");
        assertThat(complete(script, "depot", "maps", "--ren")).containsExactly("--rename-codec");
    }

    /** The words bash's completion function offers for the command line {@code words} (the last one being typed). */
    private static List<String> complete(Path script, String... words) throws Exception {
        String cmd = "source '" + script + "'; COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE}; _complete_depot; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
        // stderr discarded: outside an interactive completion bash warns that compopt does not apply
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
