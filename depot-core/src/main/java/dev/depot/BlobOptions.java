package dev.depot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an object is written: content type, {@code Cache-Control}, public or private, user
 * metadata. Immutable; each {@code with} method returns a changed copy.
 *
 * <pre>{@code BlobOptions.publicRead().contentType("image/png").cacheControl("public, max-age=315576000, immutable")}</pre>
 *
 * @param contentType  null means {@code application/octet-stream}
 * @param cacheControl null means none
 * @param publicAccess true: readable by anyone at {@link BlobStore#url(String)} (the configured ACL);
 *                     false: readable only through a presigned URL
 * @param metadata     user metadata: names of {@code [a-z0-9-]}, values printable ASCII
 */
public record BlobOptions(String contentType, String cacheControl, boolean publicAccess, Map<String, String> metadata) {
    public BlobOptions {
        Objects.requireNonNull(metadata, "metadata");
        metadata.forEach((k, v) -> {
            if (!k.matches("[a-z0-9-]{1,64}")) {
                throw new IllegalArgumentException("metadata name must be 1 to 64 of [a-z0-9-], not '" + k + "'");
            }
            if (!v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("metadata '" + k + "' must be printable ASCII");
            }
        });
        metadata = Map.copyOf(metadata);
    }

    /** Public, no content type, no cache control. */
    public static BlobOptions publicRead() {
        return new BlobOptions(null, null, true, Map.of());
    }

    /** Private, no content type, no cache control. */
    public static BlobOptions privateRead() {
        return new BlobOptions(null, null, false, Map.of());
    }

    public BlobOptions contentType(String type) {
        return new BlobOptions(Objects.requireNonNull(type, "contentType"), cacheControl, publicAccess, metadata);
    }

    public BlobOptions cacheControl(String value) {
        return new BlobOptions(contentType, Objects.requireNonNull(value, "cacheControl"), publicAccess, metadata);
    }

    public BlobOptions metadata(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new BlobOptions(contentType, cacheControl, publicAccess, m);
    }
}
