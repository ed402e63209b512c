package dev.depot.internal;

import java.util.Map;
import java.util.Optional;

/**
 * The blob store URL from the environment, first of: {@code DEPOT_BLOB_URL}; Mastodon's
 * {@code S3_ENABLED=true} with the other {@code S3_*} variables ({@link S3Environment}); Mastodon's
 * {@code PAPERCLIP_ROOT_PATH}, {@code PAPERCLIP_ROOT_URL} and {@code CDN_HOST} for the filesystem
 * store ({@link PaperclipEnvironment}). Empty: the filesystem store in the session folder.
 */
public final class BlobEnvironment {
    private BlobEnvironment() {}

    /**
     * The blob URL the environment names, if any.
     *
     * @throws IllegalArgumentException naming the variable when one is malformed
     */
    public static Optional<String> resolve(Map<String, String> env) {
        String url = env.get("DEPOT_BLOB_URL");
        if (url != null && !url.isBlank()) {
            return Optional.of(url.trim());
        }
        Optional<String> s3 = S3Environment.url(env);
        return s3.isPresent() ? s3 : PaperclipEnvironment.url(env);
    }
}
