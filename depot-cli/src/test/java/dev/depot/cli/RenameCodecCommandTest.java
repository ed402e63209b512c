package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.CodecMismatchException;
import dev.depot.Depot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code depot maps --rename-codec} on a real SQLite store written by the library. */
class RenameCodecCommandTest extends StoreFixture {
    /** The record the program used to store; {@link Node} is the same record after a rename. */
    record Peer(String host, int port) {}

    record Node(String host, int port) {}

    private static final String OLD = "json:dev.depot.cli.RenameCodecCommandTest$Peer";

    @Override
    void fill(Depot depot) {
        depot.map("peers", Codec.LONG, Codec.json(Peer.class)).put(1L, new Peer("h", 80));
    }

    private Cli.Result depot(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--url", url));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void movesTheRecordedIdSoTheMapOpensWithTheNewOneOnly() {
        Cli.Result r = depot("maps", "--rename-codec", "peers", "--from", OLD, "--to", "json:peer");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("Map 'peers' now has the codecs (long, json:peer)");
        try (Depot d = Depot.open(url)) {
            assertThat(d.map("peers", Codec.LONG, Codec.json("peer", Node.class)).get(1L)).isEqualTo(new Node("h", 80));
        }
        try (Depot d = Depot.open(url)) {
            assertThatThrownBy(() -> d.map("peers", Codec.LONG, Codec.json(Peer.class)))
                    .isInstanceOf(CodecMismatchException.class);
        }
        // The tool itself still reads the map: json: ids open as JSON documents.
        assertThat(depot("get", "peers", "1").out()).contains("\"host\"").contains("80");
    }

    @Test
    void aWrongOldIdIsRefusedAndNothingChanges() {
        Cli.Result r = depot("maps", "--rename-codec", "peers", "--from", "json:com.example.Peer", "--to", "json:peer");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("neither is 'json:com.example.Peer'").hasLineCount(1);
        assertThat(depot("info").out()).contains(OLD);
    }

    @Test
    void badArgumentsAreUsageErrorsBeforeTheStoreIsOpened() {
        assertThat(depot("maps", "--rename-codec", "peers", "--from", OLD).exitCode()).isEqualTo(2);
        assertThat(depot("maps", "--from", OLD, "--to", "json:peer").exitCode()).isEqualTo(2);
        Cli.Result badId = depot("maps", "--rename-codec", "peers", "--from", OLD, "--to", "json:two words");
        assertThat(badId.exitCode()).as(badId.all()).isEqualTo(2);
        assertThat(badId.err()).contains("not a valid codec id");
        Cli.Result builtin = depot("maps", "--rename-codec", "peers", "--from", "long", "--to", "int");
        assertThat(builtin.exitCode()).as(builtin.all()).isEqualTo(2);
        assertThat(builtin.err()).contains("built-in codec id");
        Cli.Result kinds = depot("maps", "--rename-codec", "peers", "--from", OLD, "--to", "protobuf-peer");
        assertThat(kinds.exitCode()).as(kinds.all()).isEqualTo(2);
        Cli.Result missing = depot("maps", "--rename-codec", "nothere", "--from", OLD, "--to", "json:peer");
        assertThat(missing.exitCode()).as(missing.all()).isEqualTo(1);
        assertThat(missing.err()).contains("no map 'nothere'");
        assertThat(depot("info").out()).contains(OLD);
    }

    @Test
    void isRefusedWhileAProgramHoldsTheLease() {
        try (Depot program = Depot.open(url)) {
            program.map("other", Codec.STRING, Codec.STRING).put("k", "v");

            Cli.Result r = depot("maps", "--rename-codec", "peers", "--from", OLD, "--to", "json:peer");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(4);
            assertThat(r.err()).startsWith("depot maps: ").hasLineCount(1);
        }
        assertThat(depot("info").out()).contains(OLD);
    }
}
