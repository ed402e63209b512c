package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.spi.ChangeKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary change message: round trip with binary keys, the origin test, malformed input. */
class ChangeMessageTest {

    @Test
    void roundTripsKindsOriginMapAndBinaryKeys() {
        byte[] binary = {0, -1, 10, '|', 13};
        for (ChangeKind kind : ChangeKind.values()) {
            List<byte[]> keys = kind == ChangeKind.CLEAR ? List.of() : List.of(binary, new byte[0], "k".getBytes(StandardCharsets.UTF_8));
            ChangeMessage decoded = ChangeMessage.decode(new ChangeMessage("origin-é", kind, "peers_2", keys).encode());
            assertThat(decoded.origin()).isEqualTo("origin-é");
            assertThat(decoded.kind()).isEqualTo(kind);
            assertThat(decoded.map()).isEqualTo("peers_2");
            assertThat(decoded.keys()).containsExactlyElementsOf(keys);
        }
    }

    @Test
    void tellsItsOwnOriginWithoutDecoding() {
        byte[] m = new ChangeMessage("abc", ChangeKind.PUT, "m", List.of(new byte[] {1})).encode();
        assertThat(ChangeMessage.from(m, "abc".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(ChangeMessage.from(m, "ab".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ChangeMessage.from(m, "abd".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ChangeMessage.from(new byte[0], "abc".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void malformedMessagesAreRefusedClearly() {
        assertThatThrownBy(() -> ChangeMessage.decode("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Depot change message");
        byte[] truncated = new ChangeMessage("o", ChangeKind.PUT, "m", List.of(new byte[10])).encode();
        assertThatThrownBy(() -> ChangeMessage.decode(java.util.Arrays.copyOf(truncated, truncated.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ChangeMessage.channel("app")).isEqualTo("depot:app:changes".getBytes(StandardCharsets.US_ASCII));
    }
}
