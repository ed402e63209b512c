package dev.depot.s3.internal;

import static dev.depot.s3.internal.S3TestSupport.open;
import static dev.depot.testkit.BlobStoreContractTests.bytes;
import static dev.depot.testkit.BlobStoreContractTests.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.GeneratedBytes;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults against a private s3proxy: the endpoint killed, frozen and restarted; wrong credentials;
 * a missing bucket; an upload whose stream throws halfway.
 */
@S3ProxyTest
class S3FaultTest {
    private static final int MIB = 1 << 20;
    /** Of its own: these tests kill and restart it. */
    @RegisterExtension
    static final PrivateServer<S3Proxy> S3 = PrivateServer.of(S3ProxyServers::start);
    private static S3Proxy s3;
    private static String bucket;

    @BeforeAll
    static void bucket() {
        s3 = S3.get();
        bucket = s3.newBucket("faults");
    }

    @Test
    void aKilledEndpointIsUnavailableWithinTheTimeoutAndTheSameStoreWorksOnceItIsBack() {
        try (S3BlobStore store = open(s3.url(bucket, Map.of("openTimeout", "1000", "readTimeout", "2000",
                "retryLimit", "1")))) {
            store.put("down/before", new ByteArrayInputStream(new byte[] {7}), 1, BlobOptions.privateRead());
            s3.kill();
            try {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> store.head("down/before")).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining(bucket).hasMessageContaining(s3.endpoint())
                        .hasMessageNotContaining(S3ProxyServers.CREDENTIAL);
                assertThatThrownBy(() -> store.put("down/during", new ByteArrayInputStream(new byte[10]), 10,
                        BlobOptions.privateRead())).isInstanceOf(StoreUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            } finally {
                s3.restart();
            }
            assertThat(read(store.open("down/before"))).containsExactly(7);
            store.put("down/after", new ByteArrayInputStream(new byte[] {8}), 1, BlobOptions.privateRead());
            assertThat(store.head("down/after")).isPresent();
        }
    }

    /** The sibling at the defaults a user runs with (5 s timeouts, 3 retries). */
    @Test
    void aKilledEndpointIsUnavailableAtTheDefaultTimeoutsToo() {
        try (S3BlobStore store = open(s3.url(bucket))) {
            assertThat(store.settings().openTimeout()).isEqualTo(Duration.ofSeconds(5));
            s3.kill();
            try {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> store.head("x")).isInstanceOf(StoreUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
            } finally {
                s3.restart();
            }
            assertThat(store.head("x")).isEmpty();
        }
    }

    @Test
    void aFrozenEndpointIsUnavailableWithinTheReadTimeout() {
        try (S3BlobStore store = open(s3.url(bucket, Map.of("openTimeout", "1000", "readTimeout", "1500",
                "retryLimit", "0")))) {
            store.put("frozen/a", new ByteArrayInputStream(new byte[] {1}), 1, BlobOptions.privateRead());
            s3.process().pause();
            long t0 = System.nanoTime();
            try {
                assertThatThrownBy(() -> store.head("frozen/a")).isInstanceOf(StoreUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
            } finally {
                s3.process().resume();
            }
            assertThat(read(store.open("frozen/a"))).containsExactly(1);
        }
    }

    @Test
    void wrongCredentialsNameTheBucketAndEndpointAndNeverTheSecret() {
        String secret = "not-the-credential-Zq9";
        String url = s3.url(bucket).replace(S3ProxyServers.CREDENTIAL + "@", secret + "@");
        assertThatThrownBy(() -> open(url)).isInstanceOf(DepotException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(bucket).hasMessageContaining(s3.endpoint())
                .hasMessageNotContaining(secret)
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(secret));
    }

    @Test
    void aMissingBucketIsNamedWithItsEndpoint() {
        assertThatThrownBy(() -> open(s3.url("no-such-bucket-here"))).isInstanceOf(DepotException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no-such-bucket-here").hasMessageContaining("does not exist")
                .hasMessageContaining(s3.endpoint()).hasMessageNotContaining(S3ProxyServers.CREDENTIAL);
    }

    @Test
    void aStreamThatThrowsHalfwayLeavesNoObjectAndKeepsTheOldOne() {
        try (S3BlobStore store = open(s3.url(bucket, Map.of("multipartThreshold", Integer.toString(MIB),
                "partSize", Integer.toString(5 * MIB))))) {
            byte[] old = bytes(100, 31);
            store.put("broken/kept", new ByteArrayInputStream(old), old.length, BlobOptions.privateRead());
            for (long length : List.of(600_000L, -1L)) {
                assertThatThrownBy(() -> store.put("broken/single", GeneratedBytes.failingAt(300_000, 1), length,
                        BlobOptions.privateRead())).isInstanceOf(DepotException.class)
                        .hasMessageContaining("broken/single").hasMessageContaining("nothing was stored");
                assertThat(store.head("broken/single")).isEmpty();
            }
            for (long length : List.of(20L * MIB, -1L)) {
                assertThatThrownBy(() -> store.put("broken/multi", GeneratedBytes.failingAt(12L * MIB, 2), length,
                        BlobOptions.privateRead())).isInstanceOf(DepotException.class);
                assertThat(store.head("broken/multi")).isEmpty();
                assertThatThrownBy(() -> store.put("broken/kept", GeneratedBytes.failingAt(12L * MIB, 3), length,
                        BlobOptions.privateRead())).isInstanceOf(DepotException.class);
                assertThat(read(store.open("broken/kept"))).isEqualTo(old);
            }
            assertThatThrownBy(() -> store.put("broken/short", GeneratedBytes.stream(3 * MIB, 4), 8L * MIB,
                    BlobOptions.privateRead())).isInstanceOf(DepotException.class).hasMessageContaining("ended after");
            assertThat(store.head("broken/short")).isEmpty();
            try (Stream<BlobInfo> s = store.list("broken/", null)) {
                assertThat(s.map(BlobInfo::key).toList()).containsExactly("broken/kept");
            }
            assertThat(s3.aws(Duration.ofSeconds(60), "s3api", "list-multipart-uploads", "--bucket", bucket))
                    .as("every failed multipart upload was aborted").doesNotContain("UploadId");
        }
    }

    private static String stackText(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
