package dev.depot.spi;

import dev.depot.BlobInfo;
import dev.depot.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a {@link BlobStore} can offer a blob migration when its general operations cost more
 * requests than a copy needs. The S3 store implements it: its {@link BlobStore#list} heads every
 * object (a listing page has sizes but no content type or checksum), where a copy needs only
 * keys and sizes, and its GET already carries what a HEAD would return. A store without it is
 * copied with {@code list}, {@code head} and {@code open}.
 *
 * <p>Keys here come from the store's own listing and are not held to {@link BlobKeys} rules
 * (another tool may have written them). Thread-safe like the store.
 */
public interface BlobCopyAccess {
    /** A key and its size, as a listing page gives them. */
    record Listed(String key, long size) {}

    /**
     * Keys and sizes starting with {@code prefix}, after {@code startAfter} (null for the start),
     * in key order (UTF-8 bytes), without per-object requests. Close the stream.
     */
    Stream<Listed> listSizes(String prefix, String startAfter);

    /**
     * The object's bytes together with its size, content type, cache control, access, checksum
     * (when recorded) and metadata, from one request; empty when there is no such object.
     */
    Optional<Opened> read(String key);

    /** An object being read: what is known of it, and its bytes. Close it to release the connection. */
    record Opened(BlobInfo info, InputStream in) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
