package dev.depot.s3.internal;

import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import dev.depot.spi.BlobContext;
import dev.depot.spi.StoreUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

/** Opening S3 stores through the provider, as Depot does, and test data. */
final class S3TestSupport {
    private S3TestSupport() {}

    /** Opens {@code url} through {@link S3BlobStoreProvider}, with Depot's default timeouts. */
    static S3BlobStore open(String url) {
        BlobStore store = new S3BlobStoreProvider().open(new BlobContext(StoreUrl.parse(url),
                DepotConfig.builder().build(), Optional.empty()));
        return (S3BlobStore) store;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain anonymous GET, as a browser would fetch a media URL. */
    static HttpResponse<byte[]> get(URI uri) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A stream of {@code size} bytes (or, with {@code failAt} >= 0, one that throws after {@code failAt} bytes). */
    static InputStream generated(long size, long failAt, long seed) {
        return new InputStream() {
            private final Random random = new Random(seed);
            private long pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (failAt >= 0 && pos >= failAt) {
                    throw new IOException("disk read error (injected) at byte " + pos);
                }
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                if (failAt >= 0) {
                    n = (int) Math.min(n, failAt - pos);
                }
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
