package dev.depot.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.spi.BlobContext;
import dev.depot.spi.BlobStoreProvider;
import dev.depot.spi.StoreUrl;
import dev.depot.testkit.BlobStoreContractTests;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switching the blob store by setting, with S3 on one or both sides: filesystem → S3, S3 →
 * filesystem, and a bucket on one s3proxy → a bucket on another. The next open copies every
 * object (bytes, type, cache control, access, metadata, checksum) and keeps the source.
 */
@S3ProxyTest
class S3BlobSwitchTest {
    private static final int OBJECTS = 60;

    @TempDir
    Path dir;

    private Depot open(String blobUrl) {
        return Depot.open(DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session")).blobUrl(blobUrl)
                .build());
    }

    /**
     * Opens on {@code blobUrl} after {@code previous}. These URLs carry the test credentials, and
     * Depot records URLs without secrets, so the source is named explicitly; with credentials from
     * the environment (AWS_ACCESS_KEY_ID...) the recorded URL alone is enough.
     */
    private Depot open(String blobUrl, String previous) {
        DepotConfig.Builder b = DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session")).blobUrl(blobUrl);
        if (previous.startsWith("s3:")) {
            b.migrateBlobsFrom(previous);
        }
        return Depot.open(b.build());
    }

    /** A blob store found by its URL's scheme through the SPI, as Depot finds it. */
    private static BlobStore store(String url) {
        StoreUrl parsed = StoreUrl.parse(url);
        for (BlobStoreProvider p : ServiceLoader.load(BlobStoreProvider.class)) {
            if (p.schemes().contains(parsed.scheme())) {
                return p.open(new BlobContext(parsed, DepotConfig.builder().build(), Optional.empty()));
            }
        }
        throw new AssertionError("no blob store provider for " + url);
    }

    private static void fill(BlobStore blobs) {
        for (int i = 0; i < OBJECTS; i++) {
            String key = (i % 3 == 0 ? "avatars/" : "media/" + (i % 4) + "/") + "obj-" + i + ".bin";
            BlobOptions o = (i % 2 == 0 ? BlobOptions.publicRead() : BlobOptions.privateRead())
                    .contentType(i % 5 == 0 ? "image/png" : "video/mp4").cacheControl("max-age=" + i)
                    .metadata("n", Integer.toString(i));
            byte[] data = BlobStoreContractTests.bytes(i * 1013, i);
            blobs.put(key, new ByteArrayInputStream(data), data.length, o);
        }
    }

    private static List<BlobInfo> all(BlobStore store) {
        try (Stream<BlobInfo> s = store.list("", null)) {
            return s.toList();
        }
    }

    /** Writes through a Depot on {@code from}, reopens on {@code to}, and compares every object. */
    private void switchAndCompare(String from, String to) {
        List<BlobInfo> before;
        try (Depot depot = open(from)) {
            fill(depot.blobs());
            before = all(depot.blobs());
        }
        assertThat(before).hasSizeGreaterThanOrEqualTo(OBJECTS);
        try (Depot depot = open(to, from)) {
            List<BlobInfo> after = all(depot.blobs());
            assertThat(after).extracting(BlobInfo::key).containsExactlyElementsOf(before.stream().map(BlobInfo::key).toList());
            for (int i = 0; i < before.size(); i++) {
                BlobInfo w = before.get(i);
                BlobInfo h = after.get(i);
                assertThat(h.size()).as(w.key()).isEqualTo(w.size());
                assertThat(h.sha256()).as(w.key()).isNotNull().isEqualTo(w.sha256());
                assertThat(h.options()).as(w.key()).isEqualTo(w.options());
                assertThat(BlobStoreContractTests.sha256(depot.blobs().open(w.key()))).as(w.key()).isEqualTo(w.sha256());
            }
        }
        BlobStore source = store(from);
        try {
            assertThat(all(source)).as("the source is kept").hasSize(before.size());
        } finally {
            if (source instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void filesystemToS3() {
        S3Proxy s3 = S3ProxyServers.shared();
        switchAndCompare("file:" + dir.resolve("media"), s3.url(s3.newBucket("from-fs")));
    }

    @Test
    void s3ToFilesystem() {
        S3Proxy s3 = S3ProxyServers.shared();
        switchAndCompare(s3.url(s3.newBucket("to-fs")), "file:" + dir.resolve("media"));
    }

    @Test
    void oneBucketToAnotherOnAnotherS3ProxyKeepsAliasHostUrls() {
        S3Proxy a = S3ProxyServers.shared();
        try (S3Proxy b = S3ProxyServers.start()) {
            Map<String, String> alias = Map.of("aliasHost", "media.example.com");
            String from = a.url(a.newBucket("provider-a"), alias);
            String to = b.url(b.newBucket("provider-b"), alias);
            URI before;
            try (Depot depot = open(from)) {
                depot.blobs().put("avatars/keep.png", new ByteArrayInputStream(new byte[] {1}), 1, BlobOptions.publicRead());
                before = depot.blobs().url("avatars/keep.png");
            }
            switchAndCompare(from, to);
            try (Depot depot = open(to, from)) {
                assertThat(depot.blobs().url("avatars/keep.png")).isEqualTo(before)
                        .isEqualTo(URI.create("https://media.example.com/avatars/keep.png"));
            }
        }
    }
}
