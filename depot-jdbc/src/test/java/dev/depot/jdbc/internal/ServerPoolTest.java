package dev.depot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.spi.StoreUrl;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL and MySQL/MariaDB providers share, checked without a server. */
class ServerPoolTest {
    private static final String FORM = "a PostgreSQL store URL is postgres://user:password@host:port/database";

    @Test
    void aUrlIsCheckedForItsFormItsParametersAndItsSocketTimeout() {
        StoreUrl ok = StoreUrl.parse("postgres://u:pw@db/app?sslmode=require&socketTimeout=5");
        assertThat(ServerPool.checkUrl(ok, FORM, Set.of("sslmode", "socketTimeout"), TimeUnit.SECONDS)).isSameAs(ok);
        assertThatThrownBy(() -> ServerPool.checkUrl(StoreUrl.parse("postgres:app"), FORM, Set.of(), TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(FORM + ", not ");
        assertThatThrownBy(() -> ServerPool.checkUrl(StoreUrl.parse("postgres://u:pw@db/app?sslmod=require"), FORM,
                Set.of("sslmode"), TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter 'sslmod'")
                .hasMessageNotContaining(":pw@");
        assertThatThrownBy(() -> ServerPool.checkUrl(StoreUrl.parse("postgres://db/app?socketTimeout=1.5"), FORM,
                Set.of("socketTimeout"), TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socketTimeout is seconds");
    }

    @Test
    void hostsGetTheDefaultPortAndLocalhostWhenNoneIsNamed() {
        assertThat(ServerPool.hosts(StoreUrl.parse("postgres://a,b:6432/app"), 5432)).isEqualTo("a:5432,b:6432");
        assertThat(ServerPool.hosts(StoreUrl.parse("mysql:///app"), 3306)).isEqualTo("localhost:3306");
    }

    @Test
    void credentialsAreTheUrlsUserAndPasswordWhenGiven() {
        assertThat(ServerPool.credentials(StoreUrl.parse("postgres://alice:s3cret@db/app")))
                .containsEntry("user", "alice").containsEntry("password", "s3cret");
        assertThat(ServerPool.credentials(StoreUrl.parse("postgres://db/app"))).isEmpty();
    }
}
