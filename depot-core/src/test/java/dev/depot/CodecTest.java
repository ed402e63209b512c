package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {
    record Item(String name, int count, Map<String, Integer> extra) {}

    @Test
    void idsAreStable() {
        assertThat(List.of(Codec.LONG.id(), Codec.INT.id(), Codec.STRING.id(), Codec.BYTES.id(), Codec.UUID.id(), Codec.INSTANT.id()))
                .containsExactly("long", "int", "string", "bytes", "uuid", "instant");
        assertThat(Codec.json(Item.class).id()).isEqualTo("json:dev.depot.CodecTest$Item");
        assertThat(Codec.forId("long")).isSameAs(Codec.LONG);
        assertThatThrownBy(() -> Codec.forId("java-serialization")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonIsDeterministicSoCompareAndSetWorks() {
        Codec<Item> c = Codec.json(Item.class);
        Item a = new Item("x", 1, Map.of("b", 2, "a", 1, "c", 3));
        Item b = new Item("x", 1, Map.of("c", 3, "a", 1, "b", 2));
        assertThat(c.encode(a)).isEqualTo(c.encode(b));
        assertThat(c.decode(c.encode(a))).isEqualTo(a);
        assertThat(c.storageType()).isEqualTo(StorageType.JSON);
    }

    @Test
    void jsonIdsOpenAsTreesForTools() {
        byte[] bytes = Codec.json(Item.class).encode(new Item("x", 2, Map.of()));
        @SuppressWarnings("unchecked")
        Codec<JsonNode> tree = (Codec<JsonNode>) Codec.forId("json:dev.depot.CodecTest$Item");
        assertThat(tree.decode(bytes).get("count").asInt()).isEqualTo(2);
        assertThat(tree.id()).isEqualTo("json:dev.depot.CodecTest$Item");
    }

    @Test
    void undecodableBytesThrow() {
        assertThatThrownBy(() -> Codec.LONG.decode(new byte[3])).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Codec.STRING.decode(new byte[] {(byte) 0xc3, 0x28})).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Codec.json(Item.class).decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Codec.INT.decode(Codec.LONG.encode(1L << 40))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void instantBytesSortInTimeOrder() {
        List<Instant> times = List.of(Instant.MIN, Instant.parse("1900-01-01T00:00:00Z"), Instant.EPOCH.minusNanos(1),
                Instant.EPOCH, Instant.parse("2026-11-22T00:00:00.5Z"), Instant.MAX);
        for (int i = 1; i < times.size(); i++) {
            assertThat(Arrays.compareUnsigned(Codec.INSTANT.encode(times.get(i - 1)), Codec.INSTANT.encode(times.get(i))))
                    .isNegative();
        }
    }

    @Test
    void stringsKeepEveryCodePointAndRejectUnpairedSurrogates() {
        String s = "a\u0000b😀ü";
        assertThat(Codec.STRING.decode(Codec.STRING.encode(s))).isEqualTo(s);
        assertThatThrownBy(() -> Codec.STRING.encode("x\ud83d")).isInstanceOf(IllegalArgumentException.class);
    }
}
