package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DepotConfigTest {
    @Test
    void defaultsToTheEmbeddedSqliteFile() {
        DepotConfig c = DepotConfig.fromEnv(Map.of());
        assertThat(c.url()).isEqualTo("sqlite:./depot-data/depot.db");
        assertThat(c.prefix()).isEqualTo("depot");
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.maxConnections()).isEqualTo(10);
        assertThat(c.preparedStatements()).isTrue();
    }

    @Test
    void builderRejectsNonsenseNamingTheSetting() {
        assertThatThrownBy(() -> DepotConfig.builder().cacheTtl(Duration.ofSeconds(-1))).hasMessageContaining("cacheTtl");
        assertThatThrownBy(() -> DepotConfig.builder().maxConnections(0)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> DepotConfig.builder().pageSize(0)).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> DepotConfig.builder().url("nonsense")).hasMessageContaining("scheme");
        assertThatThrownBy(() -> DepotConfig.builder().prefix("bad prefix")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> DepotConfig.builder().connectTimeout(Duration.ofMillis(1))).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> DepotConfig.builder().url(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringMasksThePassword() {
        DepotConfig c = DepotConfig.builder().url("postgres://app:hunter2@db/app").build();
        assertThat(c.toString()).doesNotContain("hunter2");
        assertThat(c.maskedUrl()).isEqualTo("postgres://app:****@db/app");
    }

    @Test
    void environmentPrecedenceIsDepotThenDatabaseThenDbHostThenRedis() {
        Map<String, String> all = Map.of(
                "DEPOT_URL", "memory:",
                "DATABASE_URL", "mysql://u:p@m/db",
                "DB_HOST", "pg", "REDIS_URL", "redis://r:6379");
        assertThat(DepotConfig.fromEnv(all).url()).isEqualTo("memory:");
        assertThat(DepotConfig.fromEnv(Map.of("DATABASE_URL", "mysql://u:p@m/db", "DB_HOST", "pg")).url()).isEqualTo("mysql://u:p@m/db");
        assertThat(DepotConfig.fromEnv(Map.of("DB_HOST", "pg", "REDIS_URL", "redis://r:6379")).url()).startsWith("postgres://pg:");
        assertThat(DepotConfig.fromEnv(Map.of("REDIS_URL", "redis://r:6379")).url()).isEqualTo("redis://r:6379");
    }

    @Test
    void mastodonDatabaseVariablesBuildAPostgresUrl() {
        DepotConfig c = DepotConfig.fromEnv(Map.of("DB_HOST", "db.internal", "DB_PORT", "6432", "DB_NAME", "mastodon_production",
                "DB_USER", "mastodon", "DB_PASS", "p@ss word", "DB_SSLMODE", "require", "DB_POOL", "25",
                "PREPARED_STATEMENTS", "false"));
        assertThat(c.url()).isEqualTo("postgres://mastodon:p%40ss%20word@db.internal:6432/mastodon_production?sslmode=require");
        assertThat(dev.depot.spi.StoreUrl.parse(c.url()).password()).isEqualTo("p@ss word");
        assertThat(c.maxConnections()).isEqualTo(25);
        assertThat(DepotConfig.fromEnv(Map.of("DB_HOST", "pgbouncer", "DEPOT_DIRECT_URL", "postgres://u:p@db:5432/app")).directUrl())
                .contains("postgres://u:p@db:5432/app");
        assertThat(c.preparedStatements()).isFalse();
        assertThat(c.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
    }

    @Test
    void redisVariablesBuildRedisUrls() {
        assertThat(DepotConfig.fromEnv(Map.of("REDIS_HOST", "cache", "REDIS_PORT", "6380", "REDIS_PASSWORD", "pw", "REDIS_DB", "2")).url())
                .isEqualTo("redis://:pw@cache:6380/2");
        assertThat(DepotConfig.fromEnv(Map.of("REDIS_SENTINELS", "s1:26379, s2:26379", "REDIS_SENTINEL_MASTER", "mymaster",
                "REDIS_USER", "app", "REDIS_PASSWORD", "pw")).url())
                .isEqualTo("redis-sentinel://app:pw@s1:26379,s2:26379?master=mymaster");
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("REDIS_SENTINELS", "s1:26379")))
                .hasMessageContaining("REDIS_SENTINEL_MASTER");
    }

    @Test
    void malformedVariablesAreNamed() {
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("DB_POOL", "many"))).hasMessageContaining("DB_POOL");
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("PREPARED_STATEMENTS", "maybe"))).hasMessageContaining("PREPARED_STATEMENTS");
    }

    @Test
    void booleanVariablesAcceptOneSetOfWordsAndRejectTheRest() {
        for (String yes : new String[] {"true", "yes", "on", "1", "TRUE", " Yes "}) {
            assertThat(DepotConfig.fromEnv(Map.of("DEPOT_SHARED", yes)).sharedAccess()).as(yes).isTrue();
        }
        for (String no : new String[] {"false", "no", "off", "0", "False"}) {
            assertThat(DepotConfig.fromEnv(Map.of("DEPOT_SHARED", no)).sharedAccess()).as(no).isFalse();
        }
        assertThat(DepotConfig.fromEnv(Map.of("DB_HOST", "pgbouncer", "PREPARED_STATEMENTS", "no")).preparedStatements()).isFalse();
        assertThat(DepotConfig.fromEnv(Map.of("DEPOT_URL", "memory:", "DEPOT_MIGRATE_FROM", "memory:x", "DEPOT_DROP_SOURCE", "yes"))
                .dropSourceAfterMigration()).isTrue();
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("DEPOT_SHARED", "yep")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEPOT_SHARED").hasMessageContaining("yep");
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("DEPOT_DROP_SOURCE", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEPOT_DROP_SOURCE");
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("DEPOT_ALLOW_EPHEMERAL", "sure")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEPOT_ALLOW_EPHEMERAL");
    }

    @Test
    void operationTimeoutComesFromTheEnvironmentWithUnits() {
        assertThat(DepotConfig.builder().build().operationTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(DepotConfig.fromEnv(Map.of("DEPOT_OPERATION_TIMEOUT", "2s")).operationTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(DepotConfig.fromEnv(Map.of("DEPOT_OPERATION_TIMEOUT", "1500")).operationTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("DEPOT_OPERATION_TIMEOUT", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEPOT_OPERATION_TIMEOUT");
    }

    @Test
    void contradictorySettingsAreRejectedAtBuildNamingBoth() {
        assertThatThrownBy(() -> DepotConfig.builder().url("redis://localhost:6379").directUrl("postgres://db/app").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("directUrl").hasMessageContaining("redis");
        assertThatThrownBy(() -> DepotConfig.builder().url("postgres://pgbouncer/app").directUrl("mysql://db/app").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("directUrl");
        assertThat(DepotConfig.builder().url("postgres://pgbouncer/app").directUrl("postgres://db/app").build().directUrl()).isPresent();
        assertThatThrownBy(() -> DepotConfig.builder().autoMigrate(false).dropSourceAfterMigration(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropSourceAfterMigration").hasMessageContaining("nothing to migrate");
        assertThat(DepotConfig.builder().migrateFrom("memory:x").autoMigrate(false).dropSourceAfterMigration(true).build()
                .dropSourceAfterMigration()).isTrue();
        assertThatThrownBy(() -> DepotConfig.builder().sharedAccess(true).leaseTtl(java.time.Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseTtl").hasMessageContaining("sharedAccess");
        assertThatThrownBy(() -> DepotConfig.builder().sharedAccess(true).leaseWait(java.time.Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseWait");
        // a copy of a config with the default lease may switch to shared access (the CLI's inspection commands do)
        assertThat(DepotConfig.builder().build().toBuilder().sharedAccess(true).build().sharedAccess()).isTrue();
    }

    @Test
    void leaseWaitDefaultsToSlightlyMoreThanTheLeaseTtl() {
        DepotConfig c = DepotConfig.builder().build();
        assertThat(c.leaseTtl()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(c.leaseWait()).isEqualTo(java.time.Duration.ofSeconds(35));
        assertThat(DepotConfig.builder().leaseTtl(java.time.Duration.ofSeconds(6)).build().leaseWait()).isEqualTo(java.time.Duration.ofSeconds(7));
        assertThat(c.toString()).contains("leaseWait=PT35S").contains("operationTimeout=PT5S");
    }

    @Test
    void everyAccessorIsADeclaredSettingAndToStringShowsEachOne() {
        // the accessors that are not settings of their own: derived views and the deprecated
        // PostgreSQL parameters, which live in storeParams
        Set<String> notSettings = Set.of("toBuilder", "maskedUrl", "sessionFolder", "preparedStatements", "directUrl");
        Set<String> accessors = Arrays.stream(DepotConfig.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0)
                .map(Method::getName)
                .filter(n -> !Set.of("toString", "hashCode").contains(n) && !notSettings.contains(n))
                .collect(Collectors.toSet());
        Set<String> declared = DepotSettings.ALL.stream().map(Setting::name).collect(Collectors.toSet());
        assertThat(declared).isEqualTo(accessors);
        Set<String> builderMethods = Arrays.stream(DepotConfig.Builder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).collect(Collectors.toSet());
        assertThat(builderMethods).containsAll(declared.stream().filter(n -> !n.equals("storeParams")).toList())
                .contains("storeParam");

        String shown = DepotConfig.builder().build().toString();
        List<String> names = Arrays.stream(shown.substring("DepotConfig[".length(), shown.length() - 1).split(", (?=[a-zA-Z]+=)"))
                .map(kv -> kv.substring(0, kv.indexOf('='))).toList();
        assertThat(names).containsExactlyElementsOf(DepotSettings.ALL.stream().map(Setting::name).toList());
    }

    @Test
    void toStringNeverShowsAPasswordOfAnyUrl() {
        String[] secrets = {"urlPw1", "migratePw2", "blobPw3", "blobsFromPw4", "directPw5", "nestedPw6", "s3Secret7"};
        DepotConfig c = DepotConfig.builder()
                .url("postgres://app:urlPw1@pgbouncer/app?sslpassword=x&directUrl=postgres%3A%2F%2Fapp%3AnestedPw6%40db%2Fapp")
                .migrateFrom("mysql://app:migratePw2@old/app")
                .blobUrl("s3://media?accessKey=AKIA&secretKey=s3Secret7&endpoint=http://u:blobPw3@minio:9000")
                .migrateBlobsFrom("s3://app:blobsFromPw4@old-bucket")
                .directUrl("postgres://app:directPw5@db/app")
                .sessionDir(Path.of("state"))
                .build();
        String shown = c.toString();
        for (String secret : secrets) {
            assertThat(shown).as(secret).doesNotContain(secret);
        }
        assertThat(shown).contains("url=postgres://app:****@pgbouncer/app").contains("migrateFrom=mysql://app:****@old/app")
                .contains("directUrl=postgres://app:****@db/app").contains("sessionDir=state");
    }

    @Test
    void postgresSettingsBecomeStoreParametersRefusedElsewhere() {
        DepotConfig pg = DepotConfig.builder().url("postgres://pgbouncer/app").preparedStatements(false)
                .directUrl("postgres://db/app").build();
        assertThat(pg.url()).isEqualTo("postgres://pgbouncer/app"); // the store's identity does not change
        assertThat(pg.storeParams()).containsExactlyInAnyOrderEntriesOf(
                Map.of("preparedStatements", "false", "directUrl", "postgres://db/app"));
        assertThat(pg.toBuilder().directUrl(null).build().storeParams()).containsOnlyKeys("preparedStatements");
        // a parameter written in the URL wins over one given apart
        assertThat(DepotConfig.builder().url("postgres://pgbouncer/app?preparedStatements=true").preparedStatements(false)
                .build().preparedStatements()).isTrue();
        for (String url : new String[] {"sqlite:x.db", "memory:", "mysql://db/app", "redis://cache:6379"}) {
            assertThatThrownBy(() -> DepotConfig.builder().url(url).preparedStatements(false).build()).as(url)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("preparedStatements")
                    .hasMessageContaining("PostgreSQL");
        }
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("DEPOT_URL", "mysql://db/app", "PREPARED_STATEMENTS", "false")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PREPARED_STATEMENTS");
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("DEPOT_URL", "sqlite:x.db", "DEPOT_DIRECT_URL", "postgres://db/app")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEPOT_DIRECT_URL");
    }
}
