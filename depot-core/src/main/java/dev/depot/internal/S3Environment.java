package dev.depot.internal;

import java.util.Map;
import java.util.Optional;

/** Mastodon's {@code S3_*} variables as an {@code s3://} blob URL. */
final class S3Environment {
    private S3Environment() {}

    /** The {@code s3://} URL when {@code S3_ENABLED} is true. */
    static Optional<String> url(Map<String, String> env) {
        return Optional.empty(); // translated in the depot-s3 work
    }
}
