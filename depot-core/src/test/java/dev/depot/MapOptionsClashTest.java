package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A map's options are set once; asking for it again with others fails and names the clash. */
class MapOptionsClashTest {
    @Test
    void aSecondMapCallWithOtherOptionsFailsNamingBoth() {
        try (Depot d = Depot.open("memory:")) {
            MapOptions behind = MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND);
            DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING, behind);
            assertThat(d.map("m", Codec.STRING, Codec.STRING, behind)).isSameAs(m);
            assertThat(d.map("m", Codec.STRING, Codec.STRING)).as("without options: the open map").isSameAs(m);
            assertThatThrownBy(() -> d.map("m", Codec.STRING, Codec.STRING, MapOptions.defaults().withCacheTtl(Duration.ZERO)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'m'")
                    .hasMessageContaining("WRITE_BEHIND").hasMessageContaining("cacheTtl=PT0S");
        }
    }

    @Test
    void memoryEntriesSetValueChecksLikePut() {
        try (Depot d = Depot.open(DepotConfig.builder().url("memory:").maxValueBytes(16).build())) {
            DbMap<String, String> m = d.map("m", Codec.STRING, Codec.STRING);
            m.put("k", "short");
            Map.Entry<String, String> e = m.entrySet().iterator().next();
            assertThatThrownBy(() -> e.setValue("a value longer than sixteen bytes")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> e.setValue(null)).isInstanceOf(NullPointerException.class);
            assertThat(m.get("k")).isEqualTo("short");
            e.setValue("fits");
            assertThat(m.get("k")).isEqualTo("fits");
            try (var s = m.stream()) {
                Map.Entry<String, String> viaStream = s.findFirst().orElseThrow();
                assertThatThrownBy(() -> viaStream.setValue("a value longer than sixteen bytes")).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(m.get("k")).isEqualTo("fits");
        }
    }
}
