package dev.depot;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link BlobStore} knows of one object.
 *
 * @param key          the object's key
 * @param size         its length in bytes
 * @param contentType  its content type ({@code application/octet-stream} when none was given)
 * @param cacheControl its {@code Cache-Control}, or null
 * @param sha256       lowercase hex SHA-256 of the bytes, or null when the store does not know it
 * @param lastModified when it was written
 * @param metadata     user metadata (lower-case names), never null
 * @param publicAccess whether it was written public ({@link BlobOptions#publicAccess()}); a
 *                     migration writes the copy the same way
 */
public record BlobInfo(String key, long size, String contentType, String cacheControl, String sha256,
                       Instant lastModified, Map<String, String> metadata, boolean publicAccess) {
    public BlobInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(lastModified, "lastModified");
        metadata = Map.copyOf(metadata);
    }

    /** An object of a store that does not record public or private: taken as public. */
    public BlobInfo(String key, long size, String contentType, String cacheControl, String sha256,
                    Instant lastModified, Map<String, String> metadata) {
        this(key, size, contentType, cacheControl, sha256, lastModified, metadata, true);
    }

    /** The options that write an object like this one (content type, cache control, access, metadata). */
    public BlobOptions options() {
        return new BlobOptions(contentType, cacheControl, publicAccess, metadata);
    }
}
