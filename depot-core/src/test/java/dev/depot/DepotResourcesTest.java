package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.spi.DepotResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Extension resources live once per Depot and close with it, newest first, while its maps still work. */
class DepotResourcesTest {

    @Test
    void aResourceIsSharedAndClosedWithTheDepotBeforeItsStores() {
        List<String> events = new ArrayList<>();
        Depot depot = Depot.open("memory:");
        DbMap<String, String> map = depot.map("m", Codec.STRING, Codec.STRING);
        DepotResources resources = (DepotResources) depot;
        AutoCloseable first = resources.shared("a", AutoCloseable.class, () -> () -> {
            map.put("closing", "a"); // the stores are still open
            events.add("a");
        });
        assertThat(resources.shared("a", AutoCloseable.class, () -> () -> events.add("never made"))).isSameAs(first);
        resources.shared("b", AutoCloseable.class, () -> () -> events.add("b"));

        depot.close();

        assertThat(events).containsExactly("b", "a");
        assertThatThrownBy(() -> resources.shared("c", AutoCloseable.class, () -> () -> { }))
                .isInstanceOf(IllegalStateException.class);
    }
}
