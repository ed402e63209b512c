package dev.depot.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobOptions;
import dev.depot.spi.StoreUrl;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The s3:// URL: defaults, every parameter, refusals that name what is wrong, secrets never shown. */
class S3SettingsTest {
    private static final Duration FIVE = Duration.ofSeconds(5);

    private static S3Settings parse(String url) {
        return S3Settings.parse(StoreUrl.parse(url), FIVE, FIVE);
    }

    @Test
    void defaultsFollowMastodon() {
        S3Settings s = parse("s3://media-bucket");
        assertThat(s.endpoint()).isNull();
        assertThat(s.isAws()).isTrue();
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.protocol()).isEqualTo("https");
        assertThat(s.hostname()).isEqualTo("s3.amazonaws.com");
        assertThat(s.permission()).isEqualTo("public-read");
        assertThat(s.multipartThreshold()).isEqualTo(15L << 20);
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.forceSingleRequest()).isFalse();
        assertThat(s.keyPrefix()).isEmpty();
        assertThat(s.openTimeout()).isEqualTo(FIVE);
        assertThat(s.accessKeyId()).isNull();
        assertThat(parse("s3://b12?region=eu-west-3").hostname()).isEqualTo("s3-eu-west-3.amazonaws.com");
    }

    @Test
    void aCustomEndpointMeansPathStyleAndChecksumsOnlyWhenRequired() {
        S3Settings s = parse("s3://bucket?endpoint=http://127.0.0.1:9000&region=garage&protocol=http");
        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.isAws()).isFalse();
        assertThat(s.hostname()).isEqualTo("127.0.0.1:9000");
        assertThat(parse("s3://bucket?endpoint=https://minio.local&pathStyle=false").pathStyle()).isFalse();
        assertThat(parse("s3://bucket?endpoint=https://s3.eu-west-1.amazonaws.com").isAws()).isTrue();
    }

    @Test
    void everyParameterIsRead() {
        S3Settings s = parse("s3://bucket?aliasHost=media.example.com/&permission=authenticated-read"
                + "&multipartThreshold=1048576&partSize=6291456&uploadThreads=8&storageClass=STANDARD_IA"
                + "&keyPrefix=/tenant/a&forceSingleRequest=true&openTimeout=1500&readTimeout=2500&retryLimit=0");
        assertThat(s.aliasHost()).isEqualTo("media.example.com");
        assertThat(s.permission()).isEqualTo("authenticated-read");
        assertThat(s.multipartThreshold()).isEqualTo(1 << 20);
        assertThat(s.partSize()).isEqualTo(6 << 20);
        assertThat(s.uploadThreads()).isEqualTo(8);
        assertThat(s.storageClass()).isEqualTo("STANDARD_IA");
        assertThat(s.keyPrefix()).isEqualTo("tenant/a/");
        assertThat(s.forceSingleRequest()).isTrue();
        assertThat(s.openTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.retryLimit()).isZero();
    }

    @Test
    void anEmptyPermissionSendsNoAclForPublicOrPrivateObjects() {
        S3Settings s = parse("s3://bucket?permission=");
        assertThat(s.permission()).isNull();
        ObjectWrite pub = new ObjectWrite(s, "k", BlobOptions.publicRead());
        ObjectWrite priv = new ObjectWrite(s, "k", BlobOptions.privateRead());
        assertThat(pub.put(1, "00", null).build().acl()).isNull();
        assertThat(priv.put(1, "00", null).build().acl()).isNull();
        assertThat(pub.create().acl()).isNull();
        assertThat(pub.recordChecksum("\"e\"", "00").acl()).isNull();

        S3Settings withAcl = parse("s3://bucket");
        assertThat(new ObjectWrite(withAcl, "k", BlobOptions.publicRead()).put(1, "00", null).build().aclAsString())
                .isEqualTo("public-read");
        assertThat(new ObjectWrite(withAcl, "k", BlobOptions.privateRead()).put(1, "00", null).build().aclAsString())
                .isEqualTo("private");
    }

    @Test
    void unknownParametersAreNamed() {
        assertThatThrownBy(() -> parse("s3://bucket?regoin=eu-west-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'regoin'").hasMessageContaining("region");
    }

    @Test
    void malformedValuesAreNamed() {
        for (String bad : new String[] {"endpoint=ftp://x", "endpoint=http://u:p@host", "protocol=gopher",
                "multipartThreshold=0", "partSize=1024", "uploadThreads=0", "pathStyle=perhaps", "openTimeout=-5",
                "retryLimit=many", "storageClass=cold storage", "permission=Public Read", "keyPrefix=a/../b"}) {
            String name = bad.substring(0, bad.indexOf('='));
            assertThatThrownBy(() -> parse("s3://bucket?" + bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name);
        }
        assertThatThrownBy(() -> parse("s3://bucket:9000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("s3://bucket/path")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> parse("s3:bucket")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSecretIsMaskedEverywhere() {
        String secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        String url = "s3://AKIAEXAMPLE:" + secret.replace("/", "%2F").replace("+", "%2B") + "@bucket?regoin=x";
        assertThatThrownBy(() -> parse(url)).hasMessageNotContaining(secret).hasMessageNotContaining("wJalr");
        S3Settings s = parse(url.replace("?regoin=x", ""));
        assertThat(s.secretAccessKey()).isEqualTo(secret);
        assertThat(s.toString()).doesNotContain("wJalr").contains("****");
        assertThat(s.scrub("signature mismatch for " + secret)).doesNotContain(secret);
        assertThat(StoreUrl.parse(url.replace("?regoin=x", "")).withoutPassword()).doesNotContain("wJalr");
        assertThatThrownBy(() -> parse("s3://AKIAEXAMPLE@bucket")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void publicUrlPathsAreEncodedPerSegment() {
        assertThat(dev.depot.spi.BlobKeys.urlPath("a b/c+d/é~_.-")).isEqualTo("a%20b/c%2Bd/%C3%A9~_.-");
    }
}
