package dev.depot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoreUrlTest {
    @Test
    void parsesServerUrlsWithSeveralHostsAndParameters() {
        StoreUrl url = StoreUrl.parse("postgres://app:s%40cret@db1:5432,db2:5433/app_db?sslmode=require&targetServerType=primary");
        assertThat(url.scheme()).isEqualTo("postgres");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.hosts()).containsExactly(new StoreUrl.Host("db1", 5432), new StoreUrl.Host("db2", 5433));
        assertThat(url.path()).isEqualTo("app_db");
        assertThat(url.params()).containsEntry("sslmode", "require").containsEntry("targetServerType", "primary");
    }

    @Test
    void parsesFileUrls() {
        StoreUrl url = StoreUrl.parse("sqlite:./depot-data/depot.db");
        assertThat(url.hierarchical()).isFalse();
        assertThat(url.path()).isEqualTo("./depot-data/depot.db");
        assertThat(StoreUrl.parse("memory:").path()).isEmpty();
        assertThat(StoreUrl.parse("MEMORY:/tmp/x").scheme()).isEqualTo("memory");
    }

    @Test
    void parsesIpv6AndMissingPorts() {
        StoreUrl url = StoreUrl.parse("redis://[::1]:6380,cache");
        assertThat(url.hosts()).containsExactly(new StoreUrl.Host("::1", 6380), new StoreUrl.Host("cache", -1));
        assertThat(url.masked()).isEqualTo("redis://[::1]:6380,cache");
    }

    @Test
    void masksPasswordsEverywhere() {
        StoreUrl url = StoreUrl.parse("redis://user:hunter2@h:1/0?password=hunter3&timeout=5");
        assertThat(url.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("user:****@h:1/0").contains("timeout=5");
        assertThat(url.masked()).isEqualTo(url.toString());
    }

    @Test
    void rejectsMalformedUrlsWithoutShowingThePassword() {
        for (String bad : List.of("no-scheme", "postgres://u:hunter2@h:notaport/db", "postgres://u:hunter2@h:70000/db",
                "redis://u:hunter2@[::1/0", "://x")) {
            assertThatThrownBy(() -> StoreUrl.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        }
    }

    @Test
    void withoutPasswordParsesBackToTheSameStore() {
        StoreUrl url = StoreUrl.parse("postgres://us%40er:pw@h:5432/my%20db?sslmode=require&password=x");
        assertThat(url.hasPassword()).isTrue();
        String recorded = url.withoutPassword();
        assertThat(recorded).doesNotContain("pw").doesNotContain("password");
        StoreUrl back = StoreUrl.parse(recorded);
        assertThat(back.user()).isEqualTo("us@er");
        assertThat(back.path()).isEqualTo("my db");
        assertThat(back.params()).containsExactly(java.util.Map.entry("sslmode", "require"));
        assertThat(StoreUrl.parse("sqlite:./depot-data/depot.db").withoutPassword()).isEqualTo("sqlite:./depot-data/depot.db");
        assertThat(StoreUrl.parse("sqlite:./x.db").hasPassword()).isFalse();
    }

    @Test
    void aUrlInAParameterHasItsPasswordMaskedAndNeverRecorded() {
        StoreUrl url = StoreUrl.parse("postgres://app@pgbouncer/app?directUrl=postgres%3A%2F%2Fapp%3Ahunter2%40db%2Fapp");
        assertThat(url.param("directUrl", null)).isEqualTo("postgres://app:hunter2@db/app");
        assertThat(url.masked()).doesNotContain("hunter2").contains("directUrl=postgres://app:****@db/app");
        assertThat(url.hasPassword()).isTrue();
        assertThat(url.withoutPassword()).isEqualTo("postgres://app@pgbouncer/app");
    }

    @Test
    void parametersGivenApartAreAddedUnlessTheUrlHasThem() {
        StoreUrl url = StoreUrl.parse("postgres://db/app?preparedStatements=true");
        StoreUrl merged = url.withDefaultParams(java.util.Map.of("preparedStatements", "false", "directUrl", "postgres://d/app"));
        assertThat(merged.params()).containsEntry("preparedStatements", "true").containsEntry("directUrl", "postgres://d/app");
        assertThat(url.withDefaultParams(java.util.Map.of())).isSameAs(url);
    }
}
