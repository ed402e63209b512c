package dev.depot.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.DepotConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code depot.*} properties bind to every {@link DepotConfig} setting and apply over the environment. */
class DepotPropertiesTest {
    /** DepotConfig accessors that are derived or objects, not settings a property can hold. */
    private static final Set<String> NOT_PROPERTIES = Set.of("maskedUrl", "sessionFolder", "preparedStatements", "directUrl",
            "leaseListener", "migrationListener", "observer", "toBuilder");

    private static DepotProperties bind(Map<String, String> props) {
        return new Binder(new MapConfigurationPropertySource(props)).bind("depot", DepotProperties.class)
                .orElseGet(DepotProperties::new);
    }

    @Test
    void everySettingOfDepotConfigHasAProperty() throws Exception {
        for (Method m : DepotConfig.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0
                    || NOT_PROPERTIES.contains(m.getName()) || Set.of("toString", "hashCode", "equals").contains(m.getName())) {
                continue;
            }
            String setter = "set" + Character.toUpperCase(m.getName().charAt(0)) + m.getName().substring(1);
            assertThat(java.util.Arrays.stream(DepotProperties.class.getMethods()).anyMatch(p -> p.getName().equals(setter)))
                    .as("DepotProperties." + setter + " for DepotConfig." + m.getName()).isTrue();
        }
    }

    @Test
    void propertiesWinOverTheEnvironmentAndUnsetOnesKeepIt() {
        DepotProperties p = bind(Map.of(
                "depot.url", "sqlite:/tmp/x.db",
                "depot.cache-ttl", "10s",
                "depot.operation-timeout", "1500",
                "depot.session-dir", "/tmp/session",
                "depot.shared-access", "true",
                "depot.store-params.pollInterval", "2s"));
        DepotConfig env = DepotConfig.fromEnv(Map.of("DEPOT_URL", "memory:", "DEPOT_PREFIX", "fromenv"));
        DepotConfig c = p.applyTo(env).build();
        assertThat(c.url()).isEqualTo("sqlite:/tmp/x.db");
        assertThat(c.prefix()).as("unset: the environment's").isEqualTo("fromenv");
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.operationTimeout()).as("a bare number is milliseconds").isEqualTo(Duration.ofMillis(1500));
        assertThat(c.sessionDir()).contains(Path.of("/tmp/session"));
        assertThat(c.sharedAccess()).isTrue();
        assertThat(c.storeParams()).containsEntry("pollInterval", "2s");
        assertThat(bind(Map.of()).applyTo(env).build().url()).as("nothing set: all from the environment").isEqualTo("memory:");
    }

    @Test
    void badValuesFailNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("depot.page-size", "0")).applyTo(DepotConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> bind(Map.of("depot.url", "nourl")).applyTo(DepotConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
    }
}
