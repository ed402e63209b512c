package dev.depot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.DepotConfig;
import dev.depot.spi.StoreUrl;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mastodon's S3_* variables become the s3:// blob URL, read back by the URL parser the store uses. */
class S3EnvironmentTest {

    private static Map<String, String> mastodon() {
        Map<String, String> env = new HashMap<>();
        env.put("S3_ENABLED", "true");
        env.put("S3_BUCKET", "files.example.com");
        env.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        return env;
    }

    /** The parameters of the blob URL made from {@link #mastodon()} plus the given variables (name, value, ...). */
    private static Map<String, String> blobParams(String... namesAndValues) {
        Map<String, String> env = mastodon();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return StoreUrl.parse(DepotConfig.fromEnv(env).blobUrl().orElseThrow()).params();
    }

    /** Each variable Mastodon reads, a value of it, the blob URL parameter it becomes, and that parameter's value. */
    private static final String[][] VARIABLES = {
            {"S3_REGION", "eu-central-1", "region", "eu-central-1"},
            {"S3_PROTOCOL", "https", "protocol", "https"},
            {"S3_HOSTNAME", "s3.eu-central-1.wasabisys.com", "hostname", "s3.eu-central-1.wasabisys.com"},
            {"S3_ENDPOINT", "https://s3.eu-central-1.wasabisys.com", "endpoint", "https://s3.eu-central-1.wasabisys.com"},
            {"S3_ALIAS_HOST", "media.example.com", "aliasHost", "media.example.com"},
            {"S3_PERMISSION", "public-read", "permission", "public-read"},
            {"S3_MULTIPART_THRESHOLD", "52428800", "multipartThreshold", "52428800"},
            {"S3_STORAGE_CLASS", "STANDARD_IA", "storageClass", "STANDARD_IA"},
            {"S3_KEY_PREFIX", "mastodon & co/", "keyPrefix", "mastodon & co/"},
            {"S3_OVERRIDE_PATH_STYLE", "true", "pathStyle", "false"},
            {"S3_FORCE_SINGLE_REQUEST", "true", "forceSingleRequest", "true"},
            {"S3_OPEN_TIMEOUT", "3", "openTimeout", "3000"},
            {"S3_READ_TIMEOUT", "7.5", "readTimeout", "7500"},
            {"S3_RETRY_LIMIT", "2", "retryLimit", "2"},
    };

    static Stream<Arguments> variables() {
        return Arrays.stream(VARIABLES).map(v -> Arguments.of((Object[]) v));
    }

    @Test
    void everyVariableMapsToItsParameter() {
        Map<String, String> env = mastodon();
        Map<String, String> expected = new HashMap<>();
        for (String[] v : VARIABLES) {
            env.put(v[0], v[1]);
            expected.put(v[2], v[3]);
        }
        String url = DepotConfig.fromEnv(env).blobUrl().orElseThrow();
        assertThat(url).startsWith("s3://files.example.com?").doesNotContain("wJalr").doesNotContain("AKIA");
        StoreUrl parsed = StoreUrl.parse(url);
        assertThat(parsed.hosts().get(0).host()).isEqualTo("files.example.com");
        assertThat(parsed.params()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variables")
    void eachVariableMapsToItsParameterAlone(String variable, String value, String parameter, String expected) {
        assertThat(blobParams(variable, value)).containsEntry(parameter, expected);
    }

    @Test
    void onlyTheBucketIsNeeded() {
        assertThat(DepotConfig.fromEnv(mastodon()).blobUrl()).contains("s3://files.example.com");
    }

    @Test
    void anEmptyPermissionIsKeptSoNoAclIsSent() {
        assertThat(blobParams("S3_PERMISSION", "")).containsEntry("permission", "");
    }

    @Test
    void theCloudfrontHostIsTheOlderNameOfTheAliasHost() {
        assertThat(blobParams("S3_CLOUDFRONT_HOST", "d111111abcdef8.cloudfront.net"))
                .containsEntry("aliasHost", "d111111abcdef8.cloudfront.net");
        assertThat(blobParams("S3_CLOUDFRONT_HOST", "d111111abcdef8.cloudfront.net", "S3_ALIAS_HOST", "media.example.com"))
                .containsEntry("aliasHost", "media.example.com");
    }

    @Test
    void s3IsOffUnlessEnabled() {
        Map<String, String> env = mastodon();
        env.put("S3_ENABLED", "false");
        assertThat(S3Environment.url(env)).isEmpty();
        env.remove("S3_ENABLED");
        assertThat(S3Environment.url(env)).isEmpty();
    }

    @Test
    void aMissingBucketIsNamed() {
        Map<String, String> env = mastodon();
        env.remove("S3_BUCKET");
        assertThatThrownBy(() -> DepotConfig.fromEnv(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3_BUCKET");
        env.put("S3_BUCKET", "  ");
        assertThatThrownBy(() -> DepotConfig.fromEnv(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3_BUCKET");
    }

    @Test
    void malformedNumbersAndFlagsAreNamed() {
        for (String[] bad : new String[][] {{"S3_MULTIPART_THRESHOLD", "15MB"}, {"S3_OPEN_TIMEOUT", "-1"},
                {"S3_READ_TIMEOUT", "soon"}, {"S3_RETRY_LIMIT", "-2"}, {"S3_OVERRIDE_PATH_STYLE", "maybe"},
                {"S3_FORCE_SINGLE_REQUEST", "yes please"}, {"S3_BUCKET", "no/slash"}}) {
            Map<String, String> env = mastodon();
            env.put(bad[0], bad[1]);
            assertThatThrownBy(() -> DepotConfig.fromEnv(env)).as(bad[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad[0]);
        }
    }

    @Test
    void depotBlobUrlWins() {
        Map<String, String> env = mastodon();
        env.put("DEPOT_BLOB_URL", "file:/srv/media");
        assertThat(DepotConfig.fromEnv(env).blobUrl()).contains("file:/srv/media");
    }
}
