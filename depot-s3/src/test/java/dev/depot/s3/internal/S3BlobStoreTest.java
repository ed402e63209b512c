package dev.depot.s3.internal;

import static dev.depot.s3.internal.S3TestSupport.get;
import static dev.depot.s3.internal.S3TestSupport.open;
import static dev.depot.testkit.BlobStoreContractTests.bytes;
import static dev.depot.testkit.BlobStoreContractTests.read;
import static dev.depot.testkit.BlobStoreContractTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobInfo;
import dev.depot.BlobNotFoundException;
import dev.depot.BlobOptions;
import dev.depot.ByteRange;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 store against a real s3proxy: what a user puts is what they read, list and link to. */
@S3ProxyTest
class S3BlobStoreTest {
    private static final int MIB = 1 << 20;
    private static S3Proxy s3;
    private static String bucket;
    private static S3BlobStore store;

    @BeforeAll
    static void start(S3Proxy shared) {
        s3 = shared;
        bucket = s3.newBucket("blobs");
        store = open(s3.url(bucket, Map.of("protocol", "http")));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void roundTripKeepsBytesTypeCacheControlChecksumAndMetadata() {
        byte[] bytes = bytes(100_000, 1);
        BlobOptions options = BlobOptions.publicRead().contentType("image/png")
                .cacheControl("public, max-age=315576000, immutable").metadata("original-name", "cat.png");
        BlobInfo put = store.put("avatars/1.png", new ByteArrayInputStream(bytes), bytes.length, options);
        assertThat(put.size()).isEqualTo(bytes.length);
        assertThat(put.sha256()).isEqualTo(sha256(bytes));

        BlobInfo head = store.head("avatars/1.png").orElseThrow();
        assertThat(head.key()).isEqualTo("avatars/1.png");
        assertThat(head.size()).isEqualTo(bytes.length);
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(head.cacheControl()).isEqualTo("public, max-age=315576000, immutable");
        assertThat(head.sha256()).isEqualTo(sha256(bytes));
        assertThat(head.metadata()).containsExactly(Map.entry("original-name", "cat.png"));
        assertThat(head.publicAccess()).isTrue();
        assertThat(read(store.open("avatars/1.png"))).isEqualTo(bytes);

        assertThat(store.head("avatars/none.png")).isEmpty();
        assertThatThrownBy(() -> store.open("avatars/none.png")).isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("avatars/none.png");
    }

    @Test
    void emptyObjectsAndDefaultContentType() {
        store.put("empty/zero", InputStream.nullInputStream(), 0, BlobOptions.privateRead());
        BlobInfo head = store.head("empty/zero").orElseThrow();
        assertThat(head.size()).isZero();
        assertThat(head.contentType()).isEqualTo("application/octet-stream");
        assertThat(head.sha256()).isEqualTo(sha256(new byte[0]));
        assertThat(head.publicAccess()).isFalse();
        assertThat(read(store.open("empty/zero"))).isEmpty();
    }

    @Test
    void rangesReadTheRequestedBytesClippedToTheEnd() {
        byte[] bytes = bytes(1000, 2);
        store.put("ranges/a", new ByteArrayInputStream(bytes), bytes.length, BlobOptions.privateRead());
        assertThat(read(store.open("ranges/a", ByteRange.of(10, 19)))).isEqualTo(slice(bytes, 10, 20));
        assertThat(read(store.open("ranges/a", ByteRange.from(990)))).isEqualTo(slice(bytes, 990, 1000));
        assertThat(read(store.open("ranges/a", ByteRange.of(995, 5000)))).isEqualTo(slice(bytes, 995, 1000));
        assertThatThrownBy(() -> store.open("ranges/a", ByteRange.from(1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the end");
        assertThatThrownBy(() -> store.open("ranges/none", ByteRange.from(0))).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void aboveTheThresholdUploadsInPartsAndRecordsTheWholeChecksum() {
        try (S3BlobStore small = open(s3.url(bucket, Map.of("multipartThreshold", Integer.toString(MIB),
                "partSize", Integer.toString(5 * MIB), "uploadThreads", "3")))) {
            byte[] bytes = bytes(23 * MIB + 123, 3);
            BlobInfo put = small.put("big/known", new ByteArrayInputStream(bytes), bytes.length,
                    BlobOptions.publicRead().contentType("video/mp4"));
            assertThat(put.sha256()).isEqualTo(sha256(bytes));
            assertThat(small.upload().partsSent()).as("parts of 5 MiB").isEqualTo(5);
            assertThat(small.upload().mostPartsAtOnce()).as("parts in parallel, at most uploadThreads").isBetween(2, 3);
            BlobInfo head = small.head("big/known").orElseThrow();
            assertThat(head.size()).isEqualTo(bytes.length);
            assertThat(head.contentType()).isEqualTo("video/mp4");
            assertThat(head.sha256()).isEqualTo(sha256(bytes));
            assertThat(read(small.open("big/known"))).isEqualTo(bytes);
            assertThat(read(small.open("big/known", ByteRange.of(5 * MIB - 3, 5 * MIB + 2))))
                    .isEqualTo(slice(bytes, 5 * MIB - 3, 5 * MIB + 3));
        }
    }

    @Test
    void unknownLengthGoesAsOnePutUnderOnePartAndInPartsAbove() {
        try (S3BlobStore small = open(s3.url(bucket, Map.of("partSize", Integer.toString(5 * MIB))))) {
            byte[] little = bytes(300_000, 4);
            small.put("unknown/small", new ByteArrayInputStream(little), -1, BlobOptions.privateRead());
            assertThat(etag("unknown/small")).doesNotContain("-");
            assertThat(small.upload().partsSent()).isZero();
            assertThat(small.head("unknown/small").orElseThrow().sha256()).isEqualTo(sha256(little));

            byte[] large = bytes(12 * MIB + 7, 5);
            BlobInfo put = small.put("unknown/large", new ByteArrayInputStream(large), -1, BlobOptions.privateRead());
            assertThat(put.size()).isEqualTo(large.length);
            assertThat(small.upload().partsSent()).isEqualTo(3);
            assertThat(small.head("unknown/large").orElseThrow().sha256()).isEqualTo(sha256(large));
            assertThat(read(small.open("unknown/large"))).isEqualTo(large);
        }
    }

    /** Providers without multipart (S3_FORCE_SINGLE_REQUEST): large objects are spooled to a file and sent as one PUT. */
    @Test
    void forceSingleRequestSendsOnePutAtAnySize() {
        try (S3BlobStore single = open(s3.url(bucket, Map.of("forceSingleRequest", "true",
                "multipartThreshold", Integer.toString(MIB))))) {
            byte[] bytes = bytes(7 * MIB + 3, 13);
            for (long length : List.of((long) bytes.length, -1L)) {
                String key = "single/" + (length < 0 ? "unknown" : "known");
                BlobInfo put = single.put(key, new ByteArrayInputStream(bytes), length, BlobOptions.privateRead());
                assertThat(put.size()).isEqualTo(bytes.length);
                assertThat(etag(key)).as("one PUT, not a multipart upload").doesNotContain("-");
                assertThat(single.head(key).orElseThrow().sha256()).isEqualTo(sha256(bytes));
                assertThat(read(single.open(key))).isEqualTo(bytes);
            }
            assertThat(single.upload().partsSent()).isZero();
            assertThat(single.putIfAbsent("single/known", new ByteArrayInputStream(bytes), bytes.length,
                    BlobOptions.privateRead())).isEmpty();
        }
    }

    @Test
    void putIfAbsentWritesOnlyTheFirstAndLeavesItUnchanged() {
        byte[] first = bytes(5000, 6);
        byte[] second = bytes(6000, 7);
        Optional<BlobInfo> a = store.putIfAbsent("once/x", new ByteArrayInputStream(first), first.length,
                BlobOptions.publicRead().contentType("text/plain"));
        assertThat(a).isPresent();
        Optional<BlobInfo> b = store.putIfAbsent("once/x", new ByteArrayInputStream(second), second.length,
                BlobOptions.publicRead().contentType("image/gif"));
        assertThat(b).isEmpty();
        assertThat(read(store.open("once/x"))).isEqualTo(first);
        assertThat(store.head("once/x").orElseThrow().contentType()).isEqualTo("text/plain");
    }

    @Test
    void putIfAbsentOfAMultipartObjectDoesNotReplaceAnExistingOne() {
        try (S3BlobStore small = open(s3.url(bucket, Map.of("multipartThreshold", Integer.toString(MIB))))) {
            byte[] first = bytes(100, 8);
            byte[] big = bytes(6 * MIB, 9);
            small.put("once/big", new ByteArrayInputStream(first), first.length, BlobOptions.privateRead());
            assertThat(small.putIfAbsent("once/big", new ByteArrayInputStream(big), big.length, BlobOptions.privateRead()))
                    .isEmpty();
            assertThat(small.putIfAbsent("once/big", new ByteArrayInputStream(big), -1, BlobOptions.privateRead()))
                    .isEmpty();
            assertThat(read(small.open("once/big"))).isEqualTo(first);
            // Past the store's existence check: the completion itself carries If-None-Match: *.
            assertThat(small.upload().upload(new ObjectWrite(small.settings(), "once/big", BlobOptions.privateRead()),
                    "once/big", new ByteArrayInputStream(big), big.length, true)).isEmpty();
            assertThat(read(small.open("once/big"))).isEqualTo(first);
            assertThat(small.putIfAbsent("once/big2", new ByteArrayInputStream(big), big.length, BlobOptions.privateRead()))
                    .isPresent();
            assertThat(read(small.open("once/big2"))).isEqualTo(big);
        }
    }

    @Test
    void deleteAllOfMoreThanOneBatchAndListingPagesInKeyOrder() throws Exception {
        String b = s3.newBucket("many");
        try (S3BlobStore many = open(s3.url(b))) {
            List<String> keys = IntStream.range(0, 2300).mapToObj(i -> String.format("m/%05d", i)).toList();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (String k : keys) {
                    puts.add(pool.submit(() -> many.put(k, new ByteArrayInputStream(k.getBytes()), k.length(),
                            BlobOptions.privateRead().contentType("text/plain"))));
                }
                for (Future<?> f : puts) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            many.put("n/other", new ByteArrayInputStream(new byte[3]), 3, BlobOptions.privateRead());

            List<BlobInfo> listed;
            try (Stream<BlobInfo> s = many.list("m/", null)) {
                listed = s.toList();
            }
            assertThat(listed).extracting(BlobInfo::key).containsExactlyElementsOf(keys);
            assertThat(listed).allSatisfy(i -> assertThat(i.contentType()).isEqualTo("text/plain"));
            assertThat(listed.get(1234).size()).isEqualTo(7);
            try (Stream<BlobInfo> s = many.list("m/", "m/02250")) {
                assertThat(s.map(BlobInfo::key).toList()).containsExactlyElementsOf(keys.subList(2251, 2300));
            }
            try (Stream<BlobInfo> s = many.list("", null)) {
                assertThat(s.limit(3).map(BlobInfo::key).toList()).containsExactly("m/00000", "m/00001", "m/00002");
            }

            List<String> toDelete = new ArrayList<>(keys);
            toDelete.add("m/never-existed");
            assertThat(many.deleteAll(toDelete)).isEqualTo(2301);
            try (Stream<BlobInfo> s = many.list("", null)) {
                assertThat(s.map(BlobInfo::key).toList()).containsExactly("n/other");
            }
        }
    }

    @Test
    void deleteReportsWhetherThereWasAnObject() {
        store.put("del/one", new ByteArrayInputStream(new byte[1]), 1, BlobOptions.privateRead());
        assertThat(store.delete("del/one")).isTrue();
        assertThat(store.delete("del/one")).isFalse();
        assertThat(store.head("del/one")).isEmpty();
    }

    @Test
    void keyPrefixIsPrependedToEveryKeyAndStrippedFromListings() {
        String b = s3.newBucket("prefixed");
        try (S3BlobStore prefixed = open(s3.url(b, Map.of("keyPrefix", "tenant/a")));
             S3BlobStore whole = open(s3.url(b))) {
            prefixed.put("x/y.txt", new ByteArrayInputStream(new byte[] {1, 2}), 2, BlobOptions.privateRead());
            whole.put("outside.txt", new ByteArrayInputStream(new byte[] {3}), 1, BlobOptions.privateRead());
            assertThat(whole.head("tenant/a/x/y.txt")).isPresent();
            try (Stream<BlobInfo> s = prefixed.list("", null)) {
                assertThat(s.map(BlobInfo::key).toList()).containsExactly("x/y.txt");
            }
            try (Stream<BlobInfo> s = whole.list("", null)) {
                assertThat(s.map(BlobInfo::key).toList()).containsExactly("outside.txt", "tenant/a/x/y.txt");
            }
            assertThat(prefixed.url("x/y.txt").getPath()).isEqualTo("/" + b + "/tenant/a/x/y.txt");
            assertThat(prefixed.deleteAll(List.of("x/y.txt"))).isEqualTo(1);
            assertThat(whole.head("tenant/a/x/y.txt")).isEmpty();
        }
    }

    @Test
    void publicUrlsUseTheAliasHostOrTheBucketPathAndServeTheBytes() {
        byte[] bytes = bytes(2048, 10);
        store.put("public/a b+c.png", new ByteArrayInputStream(bytes), bytes.length,
                BlobOptions.publicRead().contentType("image/png"));
        URI url = store.url("public/a b+c.png");
        assertThat(url.toString()).isEqualTo(s3.endpoint() + "/" + bucket + "/public/a%20b%2Bc.png");
        HttpResponse<byte[]> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);

        try (S3BlobStore aliased = open(s3.url(bucket, Map.of("aliasHost", "media.example.com", "keyPrefix", "p")));
             S3BlobStore aws = open(s3.url(bucket, Map.of("hostname", "files.example.net", "protocol", "https")))) {
            assertThat(aliased.url("avatars/1.png")).isEqualTo(URI.create("https://media.example.com/p/avatars/1.png"));
            assertThat(aws.url("avatars/1.png"))
                    .isEqualTo(URI.create("https://files.example.net/" + bucket + "/avatars/1.png"));
        }
    }

    @Test
    void privateObjectsAreReadThroughAPresignedUrlOnly() {
        byte[] bytes = bytes(4096, 11);
        store.put("private/doc.pdf", new ByteArrayInputStream(bytes), bytes.length,
                BlobOptions.privateRead().contentType("application/pdf"));
        assertThat(get(store.url("private/doc.pdf")).statusCode()).isEqualTo(403);
        URI signed = store.url("private/doc.pdf", Duration.ofMinutes(10));
        assertThat(signed.getQuery()).contains("X-Amz-Signature=").doesNotContain(S3ProxyServers.CREDENTIAL);
        HttpResponse<byte[]> response = get(signed);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
        assertThatThrownBy(() -> store.url("private/doc.pdf", Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badKeysAreRefusedBeforeAnyRequest() {
        for (String bad : List.of("", "/abs", "a/../b", "a//b", "a\\b", "tab\there", "end/")) {
            assertThatThrownBy(() -> store.put(bad, InputStream.nullInputStream(), 0, BlobOptions.privateRead()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.head(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.deleteAll(List.of("ok/key", "../escape")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("k", InputStream.nullInputStream(), -2, BlobOptions.privateRead()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStreamLongerThanTheGivenLengthStoresExactlyThatLength() {
        byte[] bytes = bytes(1000, 12);
        store.put("len/exact", new ByteArrayInputStream(bytes), 600, BlobOptions.privateRead());
        assertThat(read(store.open("len/exact"))).isEqualTo(slice(bytes, 0, 600));
    }

    private static String etag(String key) {
        String out = s3.aws(Duration.ofSeconds(60), "s3api", "head-object", "--bucket", bucket, "--key", key,
                "--query", "ETag", "--output", "text");
        return "\"" + out.trim().replace("\"", "") + "\"";
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }
}
