package dev.depot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.DepotConfig;
import dev.depot.spi.SecretMasker;
import dev.depot.spi.StoreUrl;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code jdbc:} URLs read as the Depot URL they name; no server needed. */
class JdbcUrlParsingTest {
    @Test
    void aPostgresJdbcUrlBecomesAPostgresqlUrlWithItsCredentials() {
        StoreUrl u = StoreUrl.parse("jdbc:postgresql://db.example:5433/app?user=alice&password=s3cret&sslmode=require");
        assertThat(u.jdbc()).isTrue();
        assertThat(u.scheme()).isEqualTo("postgresql");
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("s3cret");
        assertThat(u.path()).isEqualTo("app");
        assertThat(u.params()).isEqualTo(Map.of("sslmode", "require"));
        assertThat(u.masked()).isEqualTo("postgresql://alice:****@db.example:5433/app?sslmode=require");
        assertThat(u.withoutPassword()).isEqualTo("postgresql://alice@db.example:5433/app?sslmode=require");
        assertThat(DepotConfig.builder().url("jdbc:postgresql://h/app?user=alice&password=s3cret").build().toString())
                .doesNotContain("s3cret");
        assertThat(StoreUrl.parse("postgres://h/app").jdbc()).isFalse();
    }

    @Test
    void mariadbMysqlAndSqliteJdbcUrls() {
        assertThat(StoreUrl.parse("jdbc:mariadb://h:3307/app?user=u&password=p").scheme()).isEqualTo("mariadb");
        StoreUrl mysql = StoreUrl.parse("jdbc:mysql://h1,h2/app?user=u&password=p&useSSL=true");
        assertThat(mysql.scheme()).isEqualTo("mysql");
        assertThat(mysql.hosts()).hasSize(2);
        assertThat(mysql.params()).containsOnlyKeys("useSSL");
        StoreUrl sqlite = StoreUrl.parse("jdbc:sqlite:/tmp/x.db");
        assertThat(sqlite.scheme()).isEqualTo("sqlite");
        assertThat(sqlite.path()).isEqualTo("/tmp/x.db");
    }

    @Test
    void otherJdbcUrlsAreRefusedByNameWithoutThePassword() {
        assertThatThrownBy(() -> StoreUrl.parse("jdbc:oracle:thin:@h:1521/x?password=s3cret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:oracle")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> StoreUrl.parse("jdbc:mysql:replication://h1,h2/app?user=u&password=s3cret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("driver modes")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> StoreUrl.parse("jdbc:postgresql://alice:other@h/app?user=alice&password=s3cret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password")
                .hasMessageNotContaining("s3cret").hasMessageNotContaining("other");
        assertThatThrownBy(() -> StoreUrl.parse("jdbc:postgresql://bob@h/app?user=alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user");
    }

    @Test
    void maskingTextThatDidNotParseHidesPasswordParameters() {
        assertThat(SecretMasker.maskUrlText("jdbc:x://h/app?user=u&password=s3cret&db_password=two&ssl=true"))
                .isEqualTo("jdbc:x://h/app?user=u&password=****&db_password=****&ssl=true");
    }

    @Test
    void aJdbcDatabaseUrlFromTheEnvironmentIsReadAndShownMasked() {
        DepotConfig c = DepotConfig.fromEnv(Map.of("DATABASE_URL", "jdbc:postgresql://db:5432/app?user=app&password=s3cret",
                "PREPARED_STATEMENTS", "false"));
        assertThat(c.url()).startsWith("jdbc:postgresql://");
        assertThat(c.maskedUrl()).isEqualTo("postgresql://app:****@db:5432/app");
        assertThat(c.preparedStatements()).as("PostgreSQL's store parameters apply to a jdbc:postgresql URL").isFalse();
        assertThat(c.toString()).doesNotContain("s3cret");
    }
}
