package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.StorageType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A map written with an application's own codec: the tool says it cannot read it, and still lists the rest. */
class CustomCodecMapTest extends StoreFixture {
    /** An application's codec: the CLI has no way to know its format. */
    static final class ReversedText implements Codec<String> {
        @Override
        public String id() {
            return "reversed-text";
        }

        @Override
        public Class<String> type() {
            return String.class;
        }

        @Override
        public byte[] encode(String value) {
            return new StringBuilder(value).reverse().toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new StringBuilder(new String(bytes, StandardCharsets.UTF_8)).reverse().toString();
        }

        @Override
        public StorageType storageType() {
            return StorageType.BINARY;
        }
    }

    @Override
    void fill(Depot depot) {
        depot.map("secrets", Codec.STRING, new ReversedText()).put("a", "hello");
        depot.map("plain", Codec.STRING, Codec.STRING).put("b", "world");
    }

    @Test
    void infoListsTheMapWithoutCountingIt() {
        Cli.Result r = Cli.run("--url", url, "info");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("secrets\\s+string\\s+reversed-text\\s+\\? \\(the program's own codec\\)")
                .containsPattern("plain\\s+string\\s+string\\s+1");
    }

    @Test
    void dumpGetAndPutSayTheCodecIsUnknown() {
        for (String[] args : new String[][] {{"dump", "secrets"}, {"get", "secrets", "a"}, {"put", "secrets", "a", "x"}}) {
            String[] all = new String[args.length + 2];
            all[0] = "--url";
            all[1] = url;
            System.arraycopy(args, 0, all, 2, args.length);

            Cli.Result r = Cli.run(all);

            assertThat(r.exitCode()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).contains("map 'secrets' uses the codec 'reversed-text'");
        }
        try (Depot depot = Depot.open(url)) {
            assertThat(depot.map("secrets", Codec.STRING, new ReversedText()).get("a")).isEqualTo("hello");
        }
    }
}
