package dev.depot;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Objects (bytes with a content type) beside the maps: the filesystem store in the session
 * folder's {@code media/} by default, or any S3-compatible object store. Switched like the map
 * store: a changed blob store is copied on the next open.
 *
 * <p>Keys are {@code /}-separated paths of at most 1,024 UTF-8 bytes, with no empty segment, no
 * {@code .} or {@code ..} segment, no leading {@code /}, no backslash and no control character; a
 * bad key is an {@link IllegalArgumentException} before any I/O. Null arguments throw
 * {@link NullPointerException}.
 *
 * <p>Thread-safe. Objects are streamed, never held whole in memory. An object becomes visible
 * only complete: a failed or interrupted upload leaves no object (and leaves an existing object
 * with the same key unchanged). Failures to reach the store throw
 * {@link StoreUnavailableException}; wrong credentials or a missing bucket throw
 * {@link DepotException} naming the bucket and endpoint, never a secret.
 */
public interface BlobStore {
    /**
     * Opens the blob store at {@code url} ({@code file:<folder>}, {@code s3://...}) directly,
     * outside a {@link Depot}, with {@code config}'s other settings (its session folder for a
     * {@code file:} URL without a folder). The store is found by URL scheme among the installed
     * modules. A store that holds resources is {@link AutoCloseable}: close it when done.
     *
     * @throws IllegalArgumentException when the URL is malformed (the message masks secrets)
     * @throws DepotException           when no installed module handles the scheme
     */
    static BlobStore open(String url, DepotConfig config) {
        return dev.depot.internal.blob.BlobStores.open(url, config);
    }

    /**
     * Stores {@code in} under {@code key}, replacing any object there. Reads {@code in} to its
     * end (or {@code length} bytes) and does not close it.
     *
     * @param length the byte count, or -1 when unknown (the stream is then read to its end)
     * @return what was stored
     * @throws DepotException when {@code in} ends before {@code length} bytes or throws; nothing is stored
     */
    BlobInfo put(String key, InputStream in, long length, BlobOptions options);

    /**
     * Like {@link #put} but only when no object has the key ({@code If-None-Match: *}).
     *
     * @return what was stored, or empty when an object already had the key (it is unchanged)
     */
    Optional<BlobInfo> putIfAbsent(String key, InputStream in, long length, BlobOptions options);

    /** The object's size, content type, checksum and metadata, or empty when there is none. */
    Optional<BlobInfo> head(String key);

    /**
     * The object's bytes; the caller closes the stream.
     *
     * @throws BlobNotFoundException when there is no such object
     */
    InputStream open(String key);

    /**
     * The bytes of {@code range} of the object (clipped to its end).
     *
     * @throws BlobNotFoundException when there is no such object
     * @throws IllegalArgumentException when the range starts past the end
     */
    InputStream open(String key, ByteRange range);

    /** Removes the object; true if there was one. */
    boolean delete(String key);

    /**
     * Removes every named object (missing ones are ignored), in batches of 1,000 with retry and
     * backoff.
     *
     * @return how many keys were sent for deletion
     */
    long deleteAll(Collection<String> keys);

    /**
     * The objects whose keys start with {@code prefix} (empty for all), after {@code startAfter}
     * (null to start at the beginning), in key order (UTF-8 bytes), fetched page by page as the
     * stream is consumed. Close the stream.
     */
    Stream<BlobInfo> list(String prefix, String startAfter);

    /** The public URL of the object (alias host, CDN host or the store's own address). */
    URI url(String key);

    /** A URL that grants read access to a private object for {@code ttl}. */
    URI url(String key, Duration ttl);

    /** The store's address with secrets masked, for messages. */
    String description();
}
