package dev.depot.s3.internal;

import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import dev.depot.spi.BlobContext;
import dev.depot.spi.StoreUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Opening S3 stores through the provider, as Depot does, and fetching their URLs as a browser would. */
final class S3TestSupport {
    private S3TestSupport() {}

    /** Opens {@code url} through {@link S3BlobStoreProvider}, with Depot's default timeouts. */
    static S3BlobStore open(String url) {
        BlobStore store = new S3BlobStoreProvider().open(new BlobContext(StoreUrl.parse(url),
                DepotConfig.builder().build(), Optional.empty()));
        return (S3BlobStore) store;
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
}
