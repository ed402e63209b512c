package dev.depot.spi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The one check of blob keys, run by every {@link dev.depot.BlobStore} before any I/O, so a key
 * can never reach outside the store's folder or bucket prefix.
 */
public final class BlobKeys {
    /** Longest key, in UTF-8 bytes (S3's limit). */
    public static final int MAX_KEY_BYTES = 1024;

    private BlobKeys() {}

    /**
     * Returns {@code key} when it is a valid blob key.
     *
     * @throws NullPointerException     when it is null
     * @throws IllegalArgumentException naming the rule it breaks: empty, longer than 1,024 UTF-8
     *                                  bytes, a leading or trailing {@code /}, an empty, {@code .} or
     *                                  {@code ..} segment, a backslash, or a control character
     */
    public static String validate(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("blob key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("blob key is longer than " + MAX_KEY_BYTES + " UTF-8 bytes: "
                    + shown(key.substring(0, 40)) + "...");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new IllegalArgumentException("blob key must not contain control characters: " + shown(key));
            }
            if (c == '\\') {
                throw new IllegalArgumentException("blob key must not contain a backslash: " + shown(key));
            }
        }
        if (key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("blob key must not start or end with '/': " + shown(key));
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("blob key must not have an empty, '.' or '..' segment: " + shown(key));
            }
        }
        return key;
    }

    /**
     * Checks the arguments of a {@code put} besides the key, before any I/O: the same rules for
     * every store.
     *
     * @throws NullPointerException     when {@code in} or {@code options} is null
     * @throws IllegalArgumentException when {@code length} is neither -1 (unknown) nor a byte count
     */
    public static void checkPut(java.io.InputStream in, long length, dev.depot.BlobOptions options) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        if (length < -1) {
            throw new IllegalArgumentException("length is a byte count or -1 for unknown, not " + length);
        }
    }

    /**
     * Returns {@code prefix} when it is a valid listing prefix: empty, or a key prefix that may end
     * with {@code /}.
     *
     * @throws IllegalArgumentException as {@link #validate(String)}
     */
    public static String validatePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            return prefix;
        }
        validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    /**
     * {@code path} (a key, or a bucket and key) for a URL: each {@code /}-separated segment
     * percent-encoded as UTF-8, everything but RFC 3986 unreserved characters escaped, the
     * {@code /} between segments kept. Every blob store builds its public URLs with it.
     */
    public static String urlPath(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** The key with control characters escaped, so a message never carries them. */
    private static String shown(String key) {
        StringBuilder b = new StringBuilder("'");
        key.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('\'').toString();
    }
}
