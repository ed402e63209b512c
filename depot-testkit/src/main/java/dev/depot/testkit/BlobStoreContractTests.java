package dev.depot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobInfo;
import dev.depot.BlobNotFoundException;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.ByteRange;
import dev.depot.DepotException;
import dev.depot.testkit.junit.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link BlobStore} passes, whatever holds the bytes. A store module extends
 * this class and returns its store from {@link #store()}; each test works under a fresh key
 * prefix, so tests can share one folder or bucket.
 *
 * <p>This class is long because it is the contract: each test is one promise every blob store keeps.
 */
public abstract class BlobStoreContractTests {

    /** The store under test; may be the same instance for every test. */
    protected abstract BlobStore store();

    /**
     * Whether the store makes expiring URLs ({@link BlobStore#url(String, Duration)}); a store
     * that does not throws {@link UnsupportedOperationException}.
     */
    protected abstract boolean signsUrls();

    /**
     * False only for a test server known to list in UTF-16 order rather than S3's UTF-8 byte order
     * (s3proxy's filesystem backend sorts keys as Java strings); the listing test then leaves out
     * the characters beyond U+FFFF, the only ones whose order differs.
     */
    protected boolean serverListsSupplementaryCharactersInUtf8Order() {
        return true;
    }

    /** The prefix of this test's keys, ending with '/'. */
    protected String base;

    @BeforeEach
    void freshPrefix() {
        base = TestPrefixes.fresh("blob") + "/";
    }

    // ---------------------------------------------------------------- helpers

    /** {@code n} deterministic bytes. */
    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Lowercase hex SHA-256. */
    public static String sha256(byte[] b) {
        return HexFormat.of().formatHex(sha256Digest().digest(b));
    }

    /** Lowercase hex SHA-256 of a stream, read to its end in small pieces (never whole in memory); closes it. */
    public static String sha256(InputStream in) {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[64 * 1024];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A fresh SHA-256 digest, for a digest over many pieces. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every byte of a stream; closes it. */
    public static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream that hands out {@code good} bytes and then throws. */
    public static InputStream failingAfter(byte[] good) {
        return new InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                if (pos >= good.length) {
                    throw new IOException("the upload's source broke");
                }
                return good[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= good.length) {
                    throw new IOException("the upload's source broke");
                }
                int n = Math.min(len, good.length - pos);
                System.arraycopy(good, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private BlobInfo put(String key, byte[] data, BlobOptions options) {
        return store().put(key, new ByteArrayInputStream(data), data.length, options);
    }

    private List<String> keys(Stream<BlobInfo> listing) {
        try (listing) {
            return listing.map(BlobInfo::key).toList();
        }
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void roundTripKeepsBytesTypeCacheControlMetadataAndChecksum() {
        byte[] data = bytes(300_000, 1);
        BlobOptions options = BlobOptions.publicRead().contentType("image/png")
                .cacheControl("public, max-age=315576000, immutable").metadata("width", "640").metadata("blurhash", "LEHV6nWB2yk8");
        Instant before = Instant.now().minusSeconds(120);
        BlobInfo stored = put(base + "avatars/1.png", data, options);
        assertThat(stored.key()).isEqualTo(base + "avatars/1.png");
        assertThat(stored.size()).isEqualTo(data.length);
        assertThat(stored.sha256()).isEqualTo(sha256(data));

        BlobInfo head = store().head(base + "avatars/1.png").orElseThrow();
        assertThat(head.key()).isEqualTo(base + "avatars/1.png");
        assertThat(head.size()).isEqualTo(data.length);
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(head.cacheControl()).isEqualTo("public, max-age=315576000, immutable");
        assertThat(head.metadata()).isEqualTo(Map.of("width", "640", "blurhash", "LEHV6nWB2yk8"));
        assertThat(head.publicAccess()).isTrue();
        assertThat(head.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(120));
        if (head.sha256() != null) {
            assertThat(head.sha256()).isEqualTo(sha256(data));
        }
        assertThat(read(store().open(base + "avatars/1.png"))).isEqualTo(data);
    }

    @Test
    void privateObjectsAreReportedPrivateAndDefaultsApply() {
        byte[] data = bytes(10, 2);
        put(base + "private/x", data, BlobOptions.privateRead());
        BlobInfo head = store().head(base + "private/x").orElseThrow();
        assertThat(head.publicAccess()).isFalse();
        assertThat(head.contentType()).isEqualTo("application/octet-stream");
        assertThat(head.cacheControl()).isNull();
        assertThat(head.metadata()).isEmpty();
    }

    @Test
    void anEmptyObjectRoundTrips() {
        put(base + "empty", new byte[0], BlobOptions.publicRead());
        assertThat(store().head(base + "empty").orElseThrow().size()).isZero();
        assertThat(read(store().open(base + "empty"))).isEmpty();
    }

    @Test
    void unknownLengthReadsTheStreamToItsEnd() {
        byte[] data = bytes(1_500_000, 3);
        BlobInfo stored = store().put(base + "unknown", new ByteArrayInputStream(data), -1, BlobOptions.publicRead().contentType("video/mp4"));
        assertThat(stored.size()).isEqualTo(data.length);
        assertThat(store().head(base + "unknown").orElseThrow().size()).isEqualTo(data.length);
        assertThat(sha256(store().open(base + "unknown"))).isEqualTo(sha256(data));
    }

    @Test
    void aStreamShorterThanItsLengthStoresNothing() {
        byte[] data = bytes(100, 4);
        assertThatThrownBy(() -> store().put(base + "short", new ByteArrayInputStream(data), 200, BlobOptions.publicRead()))
                .isInstanceOf(DepotException.class);
        assertThat(store().head(base + "short")).isEmpty();
    }

    @Test
    void onlyLengthBytesAreStoredWhenTheStreamIsLonger() {
        byte[] data = bytes(100, 5);
        BlobInfo stored = store().put(base + "long", new ByteArrayInputStream(data), 60, BlobOptions.publicRead());
        assertThat(stored.size()).isEqualTo(60);
        assertThat(read(store().open(base + "long"))).isEqualTo(java.util.Arrays.copyOf(data, 60));
    }

    // ---------------------------------------------------------------- ranges

    @Test
    void rangesReturnThoseBytesClippedToTheEnd() {
        byte[] data = bytes(1000, 6);
        put(base + "r", data, BlobOptions.publicRead());
        assertThat(read(store().open(base + "r", ByteRange.of(10, 19)))).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
        assertThat(read(store().open(base + "r", ByteRange.from(990)))).isEqualTo(java.util.Arrays.copyOfRange(data, 990, 1000));
        assertThat(read(store().open(base + "r", ByteRange.of(995, 5000)))).isEqualTo(java.util.Arrays.copyOfRange(data, 995, 1000));
        assertThat(read(store().open(base + "r", ByteRange.of(0, 0)))).containsExactly(data[0]);
        assertThat(read(store().open(base + "r", ByteRange.of(999, 999)))).containsExactly(data[999]);
        assertThatThrownBy(() -> read(store().open(base + "r", ByteRange.from(1000)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().open(base + "missing", ByteRange.of(0, 1))).isInstanceOf(BlobNotFoundException.class);
    }

    // ---------------------------------------------------------------- conditional and overwrite

    @Test
    void putIfAbsentWritesOnceAndLeavesTheObjectUnchanged() {
        byte[] first = bytes(1000, 7);
        byte[] second = bytes(2000, 8);
        assertThat(store().putIfAbsent(base + "once", new ByteArrayInputStream(first), first.length,
                BlobOptions.publicRead().contentType("text/plain"))).isPresent();
        assertThat(store().putIfAbsent(base + "once", new ByteArrayInputStream(second), second.length,
                BlobOptions.privateRead().contentType("image/gif"))).isEmpty();
        BlobInfo head = store().head(base + "once").orElseThrow();
        assertThat(head.size()).isEqualTo(first.length);
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(read(store().open(base + "once"))).isEqualTo(first);
    }

    @Test
    void putIfAbsentHasOneWinnerAmongConcurrentCreators() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] data = bytes(50_000, 100 + i);
                results.add(pool.submit(() -> store().putIfAbsent(base + "race", new ByteArrayInputStream(data), data.length,
                        BlobOptions.publicRead().metadata("writer", Integer.toString(data[0]))).isPresent()));
            }
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        BlobInfo head = store().head(base + "race").orElseThrow();
        byte[] stored = read(store().open(base + "race"));
        assertThat(stored).hasSize(50_000);
        assertThat(head.metadata().get("writer")).isEqualTo(Integer.toString(stored[0]));
    }

    @Test
    void putReplacesBytesAndMetadata() {
        put(base + "o", bytes(5000, 9), BlobOptions.publicRead().contentType("image/png").metadata("v", "1"));
        byte[] second = bytes(300, 10);
        put(base + "o", second, BlobOptions.privateRead().contentType("image/webp"));
        BlobInfo head = store().head(base + "o").orElseThrow();
        assertThat(head.size()).isEqualTo(300);
        assertThat(head.contentType()).isEqualTo("image/webp");
        assertThat(head.metadata()).isEmpty();
        assertThat(head.publicAccess()).isFalse();
        assertThat(read(store().open(base + "o"))).isEqualTo(second);
    }

    @Test
    void aStreamThatThrowsHalfwayLeavesNoObjectAndKeepsTheOldOne() {
        byte[] half = bytes(400_000, 11);
        assertThatThrownBy(() -> store().put(base + "new", failingAfter(half), 800_000, BlobOptions.publicRead()))
                .isInstanceOf(DepotException.class);
        assertThat(store().head(base + "new")).isEmpty();
        assertThatThrownBy(() -> store().put(base + "new2", failingAfter(half), -1, BlobOptions.publicRead()))
                .isInstanceOf(DepotException.class);
        assertThat(store().head(base + "new2")).isEmpty();

        byte[] old = bytes(1234, 12);
        put(base + "old", old, BlobOptions.publicRead().contentType("text/plain"));
        assertThatThrownBy(() -> store().put(base + "old", failingAfter(half), 800_000, BlobOptions.publicRead().contentType("image/png")))
                .isInstanceOf(DepotException.class);
        assertThatThrownBy(() -> store().putIfAbsent(base + "new3", failingAfter(half), -1, BlobOptions.publicRead()))
                .isInstanceOf(DepotException.class);
        assertThat(store().head(base + "new3")).isEmpty();
        BlobInfo head = store().head(base + "old").orElseThrow();
        assertThat(head.size()).isEqualTo(1234);
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(read(store().open(base + "old"))).isEqualTo(old);
        assertThat(keys(store().list(base, null))).containsExactly(base + "old");
    }

    // ---------------------------------------------------------------- missing keys and deletes

    @Test
    void aMissingKeyHasNoHeadAndCannotBeOpened() {
        assertThat(store().head(base + "nothing")).isEmpty();
        assertThatThrownBy(() -> store().open(base + "nothing")).isInstanceOf(BlobNotFoundException.class);
        assertThat(store().delete(base + "nothing")).isFalse();
    }

    @Test
    void deleteRemovesOneObject() {
        put(base + "d/1", bytes(10, 13), BlobOptions.publicRead());
        put(base + "d/2", bytes(10, 14), BlobOptions.publicRead());
        assertThat(store().delete(base + "d/1")).isTrue();
        assertThat(store().delete(base + "d/1")).isFalse();
        assertThat(store().head(base + "d/1")).isEmpty();
        assertThatThrownBy(() -> store().open(base + "d/1")).isInstanceOf(BlobNotFoundException.class);
        assertThat(keys(store().list(base, null))).containsExactly(base + "d/2");
        // the key can be written again
        put(base + "d/1", bytes(3, 15), BlobOptions.publicRead());
        assertThat(store().head(base + "d/1").orElseThrow().size()).isEqualTo(3);
    }

    /** More objects than one page of a listing and one batch of a delete (1,000). */
    @Test
    @IntegrationTest // 1,100 objects written, listed and deleted: seconds, too slow for the unit tests
    void listingPagesInKeyOrderAndDeleteAllTakesMoreThanOneBatch() throws Exception {
        int n = 1_100;
        List<String> expected = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = base + "many/" + String.format("%05d", i);
                expected.add(key);
                int seed = i;
                puts.add(pool.submit(() -> put(key, bytes(16, seed), BlobOptions.publicRead().contentType("text/plain"))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<BlobInfo> listed;
        try (Stream<BlobInfo> s = store().list(base + "many/", null)) {
            listed = s.toList();
        }
        assertThat(listed).extracting(BlobInfo::key).containsExactlyElementsOf(expected);
        assertThat(listed).allSatisfy(i -> {
            assertThat(i.size()).isEqualTo(16);
            assertThat(i.contentType()).isEqualTo("text/plain");
        });
        assertThat(keys(store().list(base + "many/", expected.get(1049)))).containsExactlyElementsOf(expected.subList(1050, n));
        assertThat(keys(store().list(base + "many/0099", null))).containsExactlyElementsOf(expected.subList(990, 1000));
        try (Stream<BlobInfo> s = store().list(base, null)) {
            assertThat(s.limit(3).map(BlobInfo::key).toList()).containsExactlyElementsOf(expected.subList(0, 3));
        }

        List<String> toDelete = new ArrayList<>(expected.subList(0, 1_050));
        toDelete.add(base + "many/not-there");
        Collections.shuffle(toDelete, new Random(1));
        assertThat(store().deleteAll(toDelete)).isEqualTo(1_051);
        assertThat(keys(store().list(base, null))).containsExactlyElementsOf(expected.subList(1_050, n));
        assertThat(store().deleteAll(List.of())).isZero();
    }

    @Test
    void listingIsInUtf8ByteOrderWithPrefixAndStartAfter() {
        // '-' 0x2D < '.' 0x2E < '/' 0x2F < '0' 0x30; U+FF5A sorts before U+1F600 in UTF-8 although
        // not in UTF-16, where the emoji's surrogates (0xD83D...) come first.
        List<String> sorted = new ArrayList<>(List.of("a-1", "a.b", "a/x", "a/y/z", "a0", "b", "\u00e9t\u00e9", "\uff5a", "\ud83d\ude00"));
        boolean supplementary = serverListsSupplementaryCharactersInUtf8Order();
        if (!supplementary) {
            sorted.remove("\ud83d\ude00");
        }
        List<String> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new Random(2));
        for (String k : shuffled) {
            put(base + k, bytes(1, k.hashCode()), BlobOptions.publicRead());
        }
        assertThat(keys(store().list(base, null))).containsExactlyElementsOf(sorted.stream().map(k -> base + k).toList());
        assertThat(keys(store().list(base + "a", null))).containsExactly(base + "a-1", base + "a.b", base + "a/x", base + "a/y/z", base + "a0");
        assertThat(keys(store().list(base + "a/", null))).containsExactly(base + "a/x", base + "a/y/z");
        assertThat(keys(store().list(base + "a/y", null))).containsExactly(base + "a/y/z");
        assertThat(keys(store().list(base, base + "a.b"))).containsExactlyElementsOf(
                sorted.subList(2, sorted.size()).stream().map(k -> base + k).toList());
        assertThat(keys(store().list(base, base + "a/x"))).first().isEqualTo(base + "a/y/z");
        assertThat(keys(store().list(base, base + "a/"))).first().isEqualTo(base + "a/x");
        if (supplementary) {
            assertThat(keys(store().list(base, base + "\uff5a"))).containsExactly(base + "\ud83d\ude00");
        }
        assertThat(keys(store().list(base + "zz", null))).isEmpty();
    }

    // ---------------------------------------------------------------- bad keys

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../escape", "a/../../escape", "/abs", "a/", "a//b", ".", "./a", "a/./b",
            "a\\b", "..\\escape", "a\u0000b", "a\nb", "a\rb", "a\tb", "a\u007fb", "a\u0085b"})
    void everyBadKeyIsRejectedBeforeAnyIo(String bad) {
        assertBad(bad);
        if (!bad.isEmpty() && !bad.startsWith("/")) {
            assertBad(base + bad);
        }
        assertThat(keys(store().list(base, null))).isEmpty();
    }

    @Test
    void keysLongerThan1024Utf8BytesAreRejected() {
        // segments of 200 bytes: filesystems limit one name to 255 bytes
        StringBuilder b = new StringBuilder(base);
        while (b.length() < 1024) {
            int left = 1024 - b.length();
            b.append("k".repeat(Math.min(200, left)));
            if (b.length() < 1023) {
                b.append('/');
            }
        }
        String ok = b.toString();
        assertThat(ok.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        put(ok, bytes(1, 1), BlobOptions.publicRead());
        assertThat(store().head(ok)).isPresent();
        String head = ok.substring(0, ok.lastIndexOf('/') + 1);
        String tooLong = head + "\u00e9".repeat((1025 - head.length() + 1) / 2); // two bytes each
        assertThat(tooLong.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1024);
        assertBad(tooLong);
        assertThat(keys(store().list(base, null))).containsExactly(ok);
    }

    private void assertBad(String key) {
        byte[] data = bytes(10, 1);
        List<Runnable> calls = List.of(
                () -> store().put(key, new ByteArrayInputStream(data), data.length, BlobOptions.publicRead()),
                () -> store().putIfAbsent(key, new ByteArrayInputStream(data), data.length, BlobOptions.publicRead()),
                () -> store().head(key),
                () -> store().open(key),
                () -> store().open(key, ByteRange.from(0)),
                () -> store().delete(key),
                () -> store().deleteAll(List.of(base + "fine", key)),
                () -> store().url(key),
                () -> store().url(key, Duration.ofMinutes(5)));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).as("key %s", key.length() > 60 ? key.substring(0, 60) + "..." : key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aBadPrefixIsRejected() {
        assertThatThrownBy(() -> store().list("../", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().list("/a", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteAllChecksEveryKeyBeforeDeletingAny() {
        put(base + "keep", bytes(5, 1), BlobOptions.publicRead());
        assertThatThrownBy(() -> store().deleteAll(List.of(base + "keep", "../x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().head(base + "keep")).isPresent();
    }

    // ---------------------------------------------------------------- URLs

    @Test
    void publicUrlsEndWithTheEncodedKey() {
        String key = base + "media/a b/\u00fc+x.png";
        put(key, bytes(5, 1), BlobOptions.publicRead());
        URI url = store().url(key);
        String expectedTail = "/media/a%20b/%C3%BC%2Bx.png";
        assertThat(url.toString()).endsWith(expectedTail);
        assertThat(url.getRawPath()).endsWith(expectedTail);
        assertThat(url.getPath()).endsWith("/media/a b/\u00fc+x.png");
    }

    @Test
    void expiringUrlsAreSignedOrRefusedClearly() {
        String key = base + "private/doc.pdf";
        put(key, bytes(5, 1), BlobOptions.privateRead());
        if (signsUrls()) {
            URI signed = store().url(key, Duration.ofMinutes(10));
            assertThat(signed).isNotEqualTo(store().url(key));
            assertThat(signed.getRawQuery()).isNotEmpty();
        } else {
            assertThatThrownBy(() -> store().url(key, Duration.ofMinutes(10)))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining(store().description());
        }
    }

    @Test
    void descriptionNamesTheStore() {
        assertThat(store().description()).isNotBlank();
    }
}
