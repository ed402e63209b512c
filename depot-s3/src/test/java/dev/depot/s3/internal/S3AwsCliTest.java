package dev.depot.s3.internal;

import static dev.depot.s3.internal.S3TestSupport.open;
import static dev.depot.testkit.BlobStoreContractTests.bytes;
import static dev.depot.testkit.BlobStoreContractTests.read;
import static dev.depot.testkit.BlobStoreContractTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Depot writes is what the AWS CLI (Debian's {@code awscli}, {@code /usr/bin/aws}) reads
 * from the same s3proxy, and the other way round: content type, cache control, ACL, bytes.
 */
@S3ProxyTest
class S3AwsCliTest {
    private static final Duration AWS_TIMEOUT = Duration.ofSeconds(120);
    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    private final S3Proxy s3;
    private final String bucket;

    /** The JVM's shared s3proxy, a new bucket for each test. */
    S3AwsCliTest(S3Proxy s3) {
        this.s3 = s3;
        this.bucket = s3.newBucket("awscli");
    }

    @Test
    void headObjectAndCopyReadWhatDepotWrote(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(7 * (1 << 20) + 5, 21);
        try (S3BlobStore store = open(s3.url(bucket, Map.of("multipartThreshold", Integer.toString(6 << 20))))) {
            store.put("media/clip.mp4", new ByteArrayInputStream(bytes), bytes.length, BlobOptions.publicRead()
                    .contentType("video/mp4").cacheControl("public, max-age=315576000, immutable")
                    .metadata("original-name", "clip.mp4"));
            store.put("media/small.png", new ByteArrayInputStream(bytes, 0, 1000), 1000,
                    BlobOptions.privateRead().contentType("image/png"));
        }
        String head = s3.aws(AWS_TIMEOUT, "s3api", "head-object", "--bucket", bucket, "--key", "media/clip.mp4");
        assertThat(head).contains("\"ContentType\": \"video/mp4\"")
                .contains("\"CacheControl\": \"public, max-age=315576000, immutable\"")
                .contains("\"ContentLength\": " + bytes.length)
                .contains("\"original-name\": \"clip.mp4\"")
                .contains("\"depot-sha256\": \"" + sha256(bytes) + "\"");
        assertThat(s3.aws(AWS_TIMEOUT, "s3api", "get-object-acl", "--bucket", bucket, "--key", "media/clip.mp4"))
                .as("public-read grants READ to everyone").contains(ALL_USERS).contains("\"READ\"");
        assertThat(s3.aws(AWS_TIMEOUT, "s3api", "get-object-acl", "--bucket", bucket, "--key", "media/small.png"))
                .as("a private object grants nothing to everyone").doesNotContain(ALL_USERS);

        Path copy = dir.resolve("clip.mp4");
        s3.aws(AWS_TIMEOUT, "s3", "cp", "--only-show-errors", "s3://" + bucket + "/media/clip.mp4", copy.toString());
        assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
    }

    @Test
    void depotReadsWhatTheCliWrote(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(300_000, 22);
        Path file = dir.resolve("upload.jpg");
        Files.write(file, bytes);
        s3.aws(AWS_TIMEOUT, "s3", "cp", "--only-show-errors", "--content-type", "image/jpeg", "--cache-control",
                "max-age=60", file.toString(), "s3://" + bucket + "/cli/upload.jpg");
        try (S3BlobStore store = open(s3.url(bucket))) {
            BlobInfo info = store.head("cli/upload.jpg").orElseThrow();
            assertThat(info.size()).isEqualTo(bytes.length);
            assertThat(info.contentType()).isEqualTo("image/jpeg");
            assertThat(info.cacheControl()).isEqualTo("max-age=60");
            assertThat(info.sha256()).as("only Depot records a checksum").isNull();
            assertThat(read(store.open("cli/upload.jpg"))).isEqualTo(bytes);
        }
    }

    /** mastodon#17978: providers without ACLs refuse any ACL header, so an empty permission sends none. */
    @Test
    void anEmptyPermissionSendsNoAcl() {
        try (S3BlobStore store = open(s3.url(bucket, Map.of("permission", "")))) {
            assertThat(store.settings().permission()).isNull();
            store.put("noacl/a.txt", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3,
                    BlobOptions.publicRead().contentType("text/plain"));
            assertThat(read(store.open("noacl/a.txt"))).containsExactly(1, 2, 3);
        }
        assertThat(s3.aws(AWS_TIMEOUT, "s3api", "get-object-acl", "--bucket", bucket, "--key", "noacl/a.txt"))
                .as("no ACL was sent, so the bucket's default (private) applies").doesNotContain(ALL_USERS);
        assertThat(s3.aws(AWS_TIMEOUT, "s3api", "head-object", "--bucket", bucket, "--key", "noacl/a.txt"))
                .contains("\"ContentType\": \"text/plain\"");
    }
}
