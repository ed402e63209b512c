package dev.depot.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.Stored;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;

/** The auto-configuration in a real (non-web) Spring context over SQLite: no server needed. */
class DepotAutoConfigurationTest {
    @TempDir
    Path dir;

    /** A bean with a {@code @Stored} field, used from its init method. */
    static class Counter implements InitializingBean {
        @Stored(name = "counts") DbMap<String, Long> counts;
        boolean boundBeforeInit;

        @Override
        public void afterPropertiesSet() {
            boundBeforeInit = counts != null;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Counter counter() {
            return new Counter();
        }
    }

    private ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args);
    }

    @Test
    void storedFieldsAreBoundAndTheDepotClosesWithTheContext() {
        String url = "sqlite:" + dir.resolve("app.db");
        Depot depot;
        try (ConfigurableApplicationContext ctx = start("--depot.url=" + url, "--depot.session-dir=" + dir,
                "--depot.prefix=springtest")) {
            Counter counter = ctx.getBean(Counter.class);
            assertThat(counter.boundBeforeInit).isTrue();
            counter.counts.merge("hits", 1L, Long::sum);
            depot = ctx.getBean(Depot.class);
            assertThat(depot.config().prefix()).isEqualTo("springtest");
            assertThat(depot.storeDescription()).contains("app.db");
            var health = ctx.getBean(DepotHealthIndicator.class).health(true);
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(health.getDetails().get("store").toString()).contains("app.db");
            assertThat(((java.util.Map<?, ?>) health.getDetails().get("parts")).keySet()).map(Object::toString).containsExactly("store", "lease", "writeBehind",
                    "changeFeed");
        }
        assertThatThrownBy(() -> depot.map("counts", Codec.STRING, Codec.LONG)).isInstanceOf(IllegalStateException.class);
        try (Depot again = Depot.open(dev.depot.DepotConfig.builder().url(url).prefix("springtest").sessionDir(dir).build())) {
            assertThat(again.map("counts", Codec.STRING, Codec.LONG).get("hits")).isEqualTo(1L);
        }
    }

    @Test
    void bindingCanBeTurnedOff() {
        try (ConfigurableApplicationContext ctx = start("--depot.url=sqlite:" + dir.resolve("off.db"),
                "--depot.session-dir=" + dir, "--depot.bind-stored-fields=false")) {
            assertThat(ctx.getBean(Counter.class).counts).isNull();
        }
    }
}
