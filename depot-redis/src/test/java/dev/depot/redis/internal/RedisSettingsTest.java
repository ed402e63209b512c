package dev.depot.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.spi.StoreUrl;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The accepted URL forms and the errors for the rest; no server needed. */
class RedisSettingsTest {
    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static final Duration OPERATION = Duration.ofSeconds(5);

    private static RedisSettings parse(String url) {
        return RedisSettings.parse(StoreUrl.parse(url), CONNECT, OPERATION);
    }

    @Test
    void plainUrlWithUserPasswordDatabaseAndTimeout() {
        RedisSettings s = parse("redis://alice:s3cret@cache.example:6380/4?timeout=1500");
        assertThat(s.mode()).isEqualTo(RedisSettings.Mode.STANDALONE);
        assertThat(s.tls()).isFalse();
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.database()).isEqualTo(4);
        assertThat(s.timeout()).as("the URL's timeout bounds each operation").isEqualTo(Duration.ofMillis(1500));
        assertThat(s.connectTimeout()).as("and connecting").isEqualTo(Duration.ofMillis(1500));
        assertThat(s.hosts()).containsExactly(new StoreUrl.Host("cache.example", 6380));
        assertThat(s.toString()).doesNotContain("s3cret").contains("alice:****@");
    }

    @Test
    void defaultsPortTimeoutAndVerification() {
        RedisSettings s = parse("rediss://:pw@h");
        assertThat(s.tls()).isTrue();
        assertThat(s.verifyPeer()).isTrue();
        assertThat(s.user()).isNull();
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.hosts()).containsExactly(new StoreUrl.Host("h", 6379));
        assertThat(s.timeout()).as("operations: operationTimeout").isEqualTo(OPERATION);
        assertThat(s.connectTimeout()).as("connecting: connectTimeout").isEqualTo(CONNECT);
        assertThat(parse("rediss://h?verifyPeer=false").verifyPeer()).isFalse();
    }

    @Test
    void sentinelAndClusterForms() {
        RedisSettings sentinel = parse("redis-sentinel://:pw@s1,s2:26380/2?master=main&sentinelPassword=sp");
        assertThat(sentinel.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
        assertThat(sentinel.masterName()).isEqualTo("main");
        assertThat(sentinel.sentinelPassword()).isEqualTo("sp");
        assertThat(sentinel.database()).isEqualTo(2);
        assertThat(sentinel.hosts()).containsExactly(new StoreUrl.Host("s1", 26379), new StoreUrl.Host("s2", 26380));
        assertThat(sentinel.toString()).doesNotContain("sp&").contains("sentinelPassword=****");

        RedisSettings cluster = parse("rediss-cluster://u:p@n1:7000,n2:7001,n3");
        assertThat(cluster.mode()).isEqualTo(RedisSettings.Mode.CLUSTER);
        assertThat(cluster.tls()).isTrue();
        assertThat(cluster.hosts()).hasSize(3).contains(new StoreUrl.Host("n3", 6379));
    }

    @Test
    void waitReplicasIsOffByDefaultAndRefusedOnACluster() {
        assertThat(parse("redis://h").waitReplicas()).isZero();
        assertThat(parse("redis-sentinel://s1,s2?master=main&waitReplicas=1").waitReplicas()).isEqualTo(1);
        assertThat(parse("redis://h?waitReplicas=2").waitReplicas()).isEqualTo(2);
        assertThatThrownBy(() -> parse("redis-cluster://:s3cret@n1?waitReplicas=1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waitReplicas is not supported on redis-cluster://").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("redis://h?waitReplicas=-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waitReplicas");
        assertThatThrownBy(() -> parse("redis://h?waitReplicas=17")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waitReplicas");
        assertThatThrownBy(() -> parse("redis://h?waitReplicas=one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waitReplicas");
    }

    @Test
    void nonsenseIsRejectedNamingTheProblemWithoutThePassword() {
        assertThatThrownBy(() -> parse("redis://:s3cret@h?tiemout=5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tiemout").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("redis://:s3cret@h1,h2")).hasMessageContaining("redis-cluster://")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("redis://h?verifyPeer=false")).hasMessageContaining("TLS only");
        assertThatThrownBy(() -> parse("rediss://h?verifyPeer=maybe")).hasMessageContaining("verifyPeer");
        assertThatThrownBy(() -> parse("rediss://h?cacert=/no/such/ca.pem")).hasMessageContaining("/no/such/ca.pem");
        assertThatThrownBy(() -> parse("redis-sentinel://s1")).hasMessageContaining("master=NAME");
        assertThatThrownBy(() -> parse("redis://h?master=x")).hasMessageContaining("redis-sentinel://");
        assertThatThrownBy(() -> parse("redis-cluster://h/3")).hasMessageContaining("database 0");
        assertThatThrownBy(() -> parse("redis://h/app")).hasMessageContaining("database number");
        assertThatThrownBy(() -> parse("redis://h?timeout=0")).hasMessageContaining("timeout");
        assertThatThrownBy(() -> parse("redis://alice@h")).hasMessageContaining("without a password");
        assertThatThrownBy(() -> parse("redis:h")).hasMessageContaining("redis://host:port");
    }

    @Test
    void scrubRemovesPasswordsFromForeignMessages() {
        RedisSettings s = parse("redis-sentinel://:s3cret@s1?master=m&sentinelPassword=sentinelpw");
        assertThat(s.scrub("AUTH s3cret failed; sentinel sentinelpw")).isEqualTo("AUTH **** failed; sentinel ****");
    }

    @Test
    void keysAreOneHashTagPerPrefixAndMap() {
        assertThat(RedisKeys.mapKeyText("app", "peers")).isEqualTo("{app:peers}");
        assertThat(RedisKeys.mapKeyText("app", RedisKeys.META)).isEqualTo("{app:depot_meta}");
    }

    @Test
    void parametersOfOtherStoresAreRefusedNotIgnored() {
        assertThatThrownBy(() -> parse("redis://:s3cret@h:6379?preparedStatements=false")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'preparedStatements'").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("redis://h:6379?directUrl=postgres%3A%2F%2Fdb%2Fapp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'directUrl'");
    }

    @Test
    void lettuceSpellingsAreReadAsTheyAre() {
        RedisSettings s = parse("redis-sentinel://:pw@s1,s2?sentinelMasterId=main&database=3&timeout=10s&clientName=billing");
        assertThat(s.masterName()).isEqualTo("main");
        assertThat(s.database()).isEqualTo(3);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.clientName()).isEqualTo("billing");
        assertThat(parse("redis://h?db=5").database()).isEqualTo(5);
        assertThat(parse("redis://h/5?db=5&database=5").database()).as("spellings that agree").isEqualTo(5);
        assertThat(parse("redis-sentinel://s1?master=main&sentinelMasterId=main").masterName()).isEqualTo("main");
        assertThat(parse("redis://h?timeout=1500000us").timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(parse("redis://h?timeout=2000000ns").timeout()).isEqualTo(Duration.ofMillis(2));
        assertThat(parse("redis://h?timeout=2m").timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("redis://h").clientName()).isEqualTo("depot");
        assertThat(parse("redis://h?libraryName=app&libraryVersion=1.2").libraryName()).isEqualTo("app");
    }

    @Test
    void verifyPeerTakesLettucesModesAndDepotsBooleans() {
        assertThat(parse("rediss://h").verifyMode()).isEqualTo(io.lettuce.core.SslVerifyMode.FULL);
        assertThat(parse("rediss://h?verifyPeer=FULL").verifyMode()).isEqualTo(io.lettuce.core.SslVerifyMode.FULL);
        assertThat(parse("rediss://h?verifyPeer=CA").verifyMode()).isEqualTo(io.lettuce.core.SslVerifyMode.CA);
        assertThat(parse("rediss://h?verifyPeer=none").verifyMode()).isEqualTo(io.lettuce.core.SslVerifyMode.NONE);
        assertThat(parse("rediss://h?verifyPeer=true").verifyMode()).isEqualTo(io.lettuce.core.SslVerifyMode.FULL);
        assertThat(parse("rediss://h?verifyPeer=false").verifyMode()).isEqualTo(io.lettuce.core.SslVerifyMode.NONE);
        assertThat(parse("redis+ssl://h?verifyPeer=CA").tls()).as("Lettuce's TLS scheme names").isTrue();
        assertThat(parse("redis+tls://h").tls()).isTrue();
        assertThatThrownBy(() -> parse("redis://h?verifyPeer=CA")).hasMessageContaining("TLS only");
        assertThatThrownBy(() -> parse("rediss://h?verifyPeer=SOME")).hasMessageContaining("verifyPeer");
    }

    @Test
    void twoSpellingsThatDisagreeAreAnErrorNamingBoth() {
        assertThatThrownBy(() -> parse("redis-sentinel://:s3cret@s1?master=a&sentinelMasterId=b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("master says 'a'").hasMessageContaining("sentinelMasterId says 'b'")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("redis://h/1?database=2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1'").hasMessageContaining("database says '2'");
        assertThatThrownBy(() -> parse("redis://h?database=2&db=3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("db says '3'");
        assertThatThrownBy(() -> parse("redis://h?sentinelMasterId=m")).hasMessageContaining("redis-sentinel://");
        assertThatThrownBy(() -> parse("redis://h?clientName=two%20words")).hasMessageContaining("clientName");
        assertThatThrownBy(() -> parse("redis://h?timeout=10ns")).hasMessageContaining("timeout");
    }
}
