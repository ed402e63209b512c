package dev.depot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.bench.peers.ConcurrentHashMapPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationTest {
    @Test
    void targetsTakeTurnsOneIterationEachInTheOrderNamed() {
        List<String> names = List.of("depot@memory", "chm");
        assertThat(Rotation.names(Rotation.group(names))).containsExactlyElementsOf(names);
        try (Rotation r = Rotation.open("depot@memory+chm", name -> new ConcurrentHashMapPeer())) {
            KvTarget first = r.all().get(0);
            KvTarget second = r.all().get(1);
            assertThat(first).isNotSameAs(second);
            // iteration k runs target k % 2: what BenchMain assumes when it maps scores back
            assertThat(List.of(r.next(), r.next(), r.next(), r.next())).containsExactly(first, second, first, second);
        }
    }
}
