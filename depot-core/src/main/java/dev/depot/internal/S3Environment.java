package dev.depot.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Mastodon's {@code S3_*} variables as an {@code s3://} blob URL, so an operator's existing
 * {@code .env.production} configures Depot's media as it configures Mastodon's.
 *
 * <table>
 *   <caption>variable → URL parameter</caption>
 *   <tr><td>{@code S3_BUCKET} (required)</td><td>the URL's host: {@code s3://BUCKET}</td></tr>
 *   <tr><td>{@code S3_ENDPOINT}</td><td>{@code endpoint}</td></tr>
 *   <tr><td>{@code S3_REGION}</td><td>{@code region}</td></tr>
 *   <tr><td>{@code S3_PROTOCOL}</td><td>{@code protocol}</td></tr>
 *   <tr><td>{@code S3_HOSTNAME}</td><td>{@code hostname}</td></tr>
 *   <tr><td>{@code S3_ALIAS_HOST} (or the older {@code S3_CLOUDFRONT_HOST})</td><td>{@code aliasHost}</td></tr>
 *   <tr><td>{@code S3_PERMISSION}</td><td>{@code permission}; set but empty means send no ACL</td></tr>
 *   <tr><td>{@code S3_MULTIPART_THRESHOLD}</td><td>{@code multipartThreshold} (bytes)</td></tr>
 *   <tr><td>{@code S3_STORAGE_CLASS}</td><td>{@code storageClass}</td></tr>
 *   <tr><td>{@code S3_KEY_PREFIX}</td><td>{@code keyPrefix}</td></tr>
 *   <tr><td>{@code S3_OVERRIDE_PATH_STYLE=true}</td><td>{@code pathStyle=false} (virtual-host addressing)</td></tr>
 *   <tr><td>{@code S3_FORCE_SINGLE_REQUEST}</td><td>{@code forceSingleRequest}</td></tr>
 *   <tr><td>{@code S3_OPEN_TIMEOUT}, {@code S3_READ_TIMEOUT} (seconds)</td><td>{@code openTimeout}, {@code readTimeout} (milliseconds)</td></tr>
 *   <tr><td>{@code S3_RETRY_LIMIT}</td><td>{@code retryLimit}</td></tr>
 * </table>
 *
 * <p>Credentials ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}) are not put into the
 * URL: the S3 store reads them from the environment when it opens, so the recorded blob URL
 * never carries a secret. {@code CDN_HOST} is not translated either: Mastodon serves S3 media from
 * {@code S3_ALIAS_HOST} or the bucket's own address and uses {@code CDN_HOST} for its static
 * assets, so mapping it would rewrite the media URLs of operators who set it for assets only.
 */
final class S3Environment {
    private S3Environment() {}

    /**
     * The {@code s3://} URL when {@code S3_ENABLED} is true, else empty.
     *
     * @throws IllegalArgumentException naming the variable when {@code S3_BUCKET} is missing or a
     *                                  number or flag is malformed
     */
    static Optional<String> url(Map<String, String> env) {
        String enabled = env.get("S3_ENABLED");
        if (enabled == null || !enabled.trim().equalsIgnoreCase("true")) {
            return Optional.empty();
        }
        String bucket = trimmed(env, "S3_BUCKET");
        if (bucket == null) {
            throw new IllegalArgumentException("S3_ENABLED is true but S3_BUCKET is not set; name the bucket in S3_BUCKET");
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]|[A-Za-z0-9._-]{1,255}")) {
            throw new IllegalArgumentException("S3_BUCKET '" + bucket + "' is not a bucket name");
        }
        Map<String, String> params = new LinkedHashMap<>();
        copy(env, "S3_ENDPOINT", params, "endpoint");
        copy(env, "S3_REGION", params, "region");
        copy(env, "S3_PROTOCOL", params, "protocol");
        copy(env, "S3_HOSTNAME", params, "hostname");
        String alias = trimmed(env, "S3_ALIAS_HOST");
        if (alias == null) {
            alias = trimmed(env, "S3_CLOUDFRONT_HOST");
        }
        if (alias != null) {
            params.put("aliasHost", alias);
        }
        if (env.containsKey("S3_PERMISSION")) {
            params.put("permission", env.get("S3_PERMISSION").trim()); // empty on purpose: no ACL
        }
        String threshold = trimmed(env, "S3_MULTIPART_THRESHOLD");
        if (threshold != null) {
            params.put("multipartThreshold", Long.toString(number("S3_MULTIPART_THRESHOLD", threshold, 1)));
        }
        copy(env, "S3_STORAGE_CLASS", params, "storageClass");
        copy(env, "S3_KEY_PREFIX", params, "keyPrefix");
        String override = trimmed(env, "S3_OVERRIDE_PATH_STYLE");
        if (override != null) {
            params.put("pathStyle", Boolean.toString(!flag("S3_OVERRIDE_PATH_STYLE", override)));
        }
        String single = trimmed(env, "S3_FORCE_SINGLE_REQUEST");
        if (single != null) {
            params.put("forceSingleRequest", Boolean.toString(flag("S3_FORCE_SINGLE_REQUEST", single)));
        }
        seconds(env, "S3_OPEN_TIMEOUT", params, "openTimeout");
        seconds(env, "S3_READ_TIMEOUT", params, "readTimeout");
        String retries = trimmed(env, "S3_RETRY_LIMIT");
        if (retries != null) {
            params.put("retryLimit", Long.toString(number("S3_RETRY_LIMIT", retries, 0)));
        }
        StringBuilder url = new StringBuilder("s3://").append(bucket);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return Optional.of(url.toString());
    }

    private static String trimmed(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static void copy(Map<String, String> env, String name, Map<String, String> params, String param) {
        String v = trimmed(env, name);
        if (v != null) {
            params.put(param, v);
        }
    }

    private static void seconds(Map<String, String> env, String name, Map<String, String> params, String param) {
        String v = trimmed(env, name);
        if (v != null) {
            double s;
            try {
                s = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                s = -1;
            }
            if (!(s > 0) || s > 3600) {
                throw new IllegalArgumentException(name + " is seconds from 0 to 3600, not '" + v + "'");
            }
            params.put(param, Long.toString(Math.max(1, Math.round(s * 1000))));
        }
    }

    private static long number(String name, String v, long min) {
        try {
            long n = Long.parseLong(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + min + ", not '" + v + "'");
    }

    private static boolean flag(String name, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " is true or false, not '" + v + "'");
        };
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
