package dev.depot.s3.internal;

import dev.depot.spi.BlobKeys;
import dev.depot.spi.StoreUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@code s3://} blob URL, checked and turned into settings. Form (every parameter optional):
 * <pre>
 * s3://[ACCESS_KEY_ID:SECRET@]BUCKET?endpoint=URL&amp;region=R&amp;protocol=https&amp;hostname=H&amp;aliasHost=H
 *     &amp;permission=public-read&amp;multipartThreshold=BYTES&amp;partSize=BYTES&amp;uploadThreads=N
 *     &amp;storageClass=C&amp;keyPrefix=P&amp;pathStyle=BOOL&amp;forceSingleRequest=BOOL
 *     &amp;openTimeout=MS&amp;readTimeout=MS&amp;retryLimit=N
 * </pre>
 * Credentials come from the URL's user part when given (the secret is masked in every message and
 * dropped from the recorded URL), else from the SDK's default chain ({@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}, Java properties, profiles). An unknown parameter is an error
 * naming it, so a typo does not silently change where media goes.
 *
 * @param endpoint        the S3 API address, or null for AWS itself
 * @param protocol        {@code https} or {@code http}, for public URLs
 * @param hostname        host of public URLs without an alias host
 * @param aliasHost       host (and optional path) of public URLs, or null
 * @param permission      canned ACL of public objects; null: send no ACL at all
 * @param storageClass    storage class, or null for the bucket's default
 * @param keyPrefix       prepended to every key, {@code ""} or ending with {@code /}
 * @param retryLimit      retries of a failed request (the SDK's backoff between them)
 */
record S3Settings(
        String bucket,
        String accessKeyId,
        String secretAccessKey,
        URI endpoint,
        String region,
        String protocol,
        String hostname,
        String aliasHost,
        String permission,
        long multipartThreshold,
        int partSize,
        int uploadThreads,
        String storageClass,
        String keyPrefix,
        boolean pathStyle,
        boolean forceSingleRequest,
        Duration openTimeout,
        Duration readTimeout,
        int retryLimit,
        String masked) {

    static final String SCHEME = "s3";
    /** Mastodon's default {@code S3_MULTIPART_THRESHOLD}: 15 MiB. */
    static final long DEFAULT_MULTIPART_THRESHOLD = 15L << 20;
    /** S3's smallest part (other than the last). */
    static final int MIN_PART_SIZE = 5 << 20;
    static final int DEFAULT_PART_SIZE = 8 << 20;
    static final int MAX_PART_SIZE = 512 << 20;
    static final int DEFAULT_UPLOAD_THREADS = 4;
    /** A single PUT's body is held in heap, so the threshold stays well inside an array's size. */
    static final long MAX_THRESHOLD = 1L << 30;
    private static final Set<String> PARAMS = new TreeSet<>(Set.of("endpoint", "region", "protocol", "hostname",
            "aliasHost", "permission", "multipartThreshold", "partSize", "uploadThreads", "storageClass", "keyPrefix",
            "pathStyle", "forceSingleRequest", "openTimeout", "readTimeout", "retryLimit"));

    /**
     * Reads the URL; {@code defaultOpen} and {@code defaultRead} apply when it has no timeouts.
     *
     * @throws IllegalArgumentException naming what is wrong, with the secret masked
     */
    static S3Settings parse(StoreUrl url, Duration defaultOpen, Duration defaultRead) {
        if (!SCHEME.equals(url.scheme()) || !url.hierarchical()) {
            throw new IllegalArgumentException("an S3 blob URL looks like s3://bucket?endpoint=...&region=..., not " + url);
        }
        for (String p : url.params().keySet()) {
            if (!PARAMS.contains(p)) {
                throw new IllegalArgumentException("unknown parameter '" + p + "' in " + url + "; S3 URLs accept "
                        + String.join(", ", PARAMS));
            }
        }
        if (url.hosts().size() != 1 || url.hosts().get(0).port() >= 0) {
            throw new IllegalArgumentException("an S3 URL names one bucket and no port (s3://bucket?endpoint=http://host:port), in " + url);
        }
        if (!url.path().isEmpty()) {
            throw new IllegalArgumentException("an S3 URL has no path; use keyPrefix=" + url.path() + " in " + url);
        }
        String bucket = url.hosts().get(0).host();
        if (!bucket.matches("[A-Za-z0-9._-]{3,255}")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a bucket name, in " + url);
        }
        String accessKeyId = url.user();
        String secret = url.password();
        if ((accessKeyId == null) != (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("give both the access key id and the secret (s3://KEY:SECRET@bucket), or "
                    + "neither and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, in " + url);
        }
        URI endpoint = null;
        String e = url.param("endpoint", null);
        if (e != null && !e.isEmpty()) {
            try {
                endpoint = new URI(e);
            } catch (URISyntaxException ex) {
                throw new IllegalArgumentException("endpoint '" + e + "' is not a URL, in " + url);
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !Set.of("http", "https").contains(endpoint.getScheme().toLowerCase(Locale.ROOT))
                    || endpoint.getUserInfo() != null) {
                throw new IllegalArgumentException("endpoint must be http(s)://host[:port], not '" + e + "', in " + url);
            }
        }
        String region = nonEmpty(url.param("region", null), "us-east-1");
        if (!region.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("region '" + region + "' is not a region name, in " + url);
        }
        String protocol = nonEmpty(url.param("protocol", null), "https").toLowerCase(Locale.ROOT);
        if (!protocol.equals("https") && !protocol.equals("http")) {
            throw new IllegalArgumentException("protocol is http or https, not '" + protocol + "', in " + url);
        }
        String hostname = nonEmpty(url.param("hostname", null), null);
        if (hostname == null) {
            hostname = endpoint != null ? endpoint.getRawAuthority()
                    : region.equals("us-east-1") ? "s3.amazonaws.com" : "s3-" + region + ".amazonaws.com";
        }
        checkHost("hostname", hostname, url);
        String aliasHost = nonEmpty(url.param("aliasHost", null), null);
        if (aliasHost != null) {
            aliasHost = aliasHost.replaceAll("/+$", "");
            checkHost("aliasHost", aliasHost, url);
        }
        String permission = url.param("permission", "public-read").trim();
        if (!permission.isEmpty() && !permission.matches("[a-z-]{1,64}")) {
            throw new IllegalArgumentException("permission is a canned ACL such as public-read, or empty for none, not '"
                    + permission + "', in " + url);
        }
        long threshold = longParam(url, "multipartThreshold", DEFAULT_MULTIPART_THRESHOLD, 1, MAX_THRESHOLD);
        int partSize = (int) longParam(url, "partSize", DEFAULT_PART_SIZE, MIN_PART_SIZE, MAX_PART_SIZE);
        int threads = (int) longParam(url, "uploadThreads", DEFAULT_UPLOAD_THREADS, 1, 64);
        String storageClass = nonEmpty(url.param("storageClass", null), null);
        if (storageClass != null && !storageClass.matches("[A-Z_]{1,64}")) {
            throw new IllegalArgumentException("storageClass is a name such as STANDARD_IA, not '" + storageClass + "', in " + url);
        }
        String keyPrefix = url.param("keyPrefix", "").replaceAll("^/+", "");
        if (!keyPrefix.isEmpty()) {
            if (!keyPrefix.endsWith("/")) {
                keyPrefix = keyPrefix + "/";
            }
            try {
                BlobKeys.validatePrefix(keyPrefix);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("keyPrefix: " + ex.getMessage() + ", in " + url);
            }
        }
        boolean pathStyle = bool(url, "pathStyle", endpoint != null);
        boolean single = bool(url, "forceSingleRequest", false);
        Duration open = Duration.ofMillis(longParam(url, "openTimeout", defaultOpen.toMillis(), 1, 3_600_000));
        Duration read = Duration.ofMillis(longParam(url, "readTimeout", defaultRead.toMillis(), 1, 3_600_000));
        int retries = (int) longParam(url, "retryLimit", 3, 0, 100);
        return new S3Settings(bucket, accessKeyId, secret, endpoint, region, protocol, hostname, aliasHost,
                permission.isEmpty() ? null : permission, threshold, partSize, threads, storageClass, keyPrefix,
                pathStyle, single, open, read, retries, url.masked());
    }

    /** The endpoint requests go to, for messages: the configured one or AWS's regional one. */
    String endpointText() {
        return endpoint != null ? endpoint.toString() : "https://s3." + region + ".amazonaws.com";
    }

    /** Whether the endpoint is AWS itself, where the SDK's newer checksum defaults work. */
    boolean isAws() {
        return endpoint == null || endpoint.getHost().toLowerCase(Locale.ROOT).endsWith(".amazonaws.com");
    }

    /** Removes the secret from a text that did not come from us (an SDK or server message). */
    String scrub(String text) {
        if (text == null) {
            return "";
        }
        return secretAccessKey != null && secretAccessKey.length() >= 3 ? text.replace(secretAccessKey, "****") : text;
    }

    private static void checkHost(String name, String value, StoreUrl url) {
        if (!value.matches("[A-Za-z0-9.:\\[\\]_-]+(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?")) {
            throw new IllegalArgumentException(name + " is a host name (and optional path), not '" + value + "', in " + url);
        }
    }

    private static String nonEmpty(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static long longParam(StoreUrl url, String name, long fallback, long min, long max) {
        String v = url.param(name, null);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " is a whole number from " + min + " to " + max + ", not '" + v
                + "', in " + url);
    }

    private static boolean bool(StoreUrl url, String name, boolean fallback) {
        String v = url.param(name, null);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + " is true or false, not '" + v + "', in " + url);
        };
    }

    @Override
    public String toString() {
        return masked;
    }
}
