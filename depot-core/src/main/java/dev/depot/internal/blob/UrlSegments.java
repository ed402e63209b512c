package dev.depot.internal.blob;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of a key's path segments for a URL: everything but RFC 3986 unreserved characters, keeping {@code /}. */
public final class UrlSegments {
    private UrlSegments() {}

    /** {@code key} with each segment percent-encoded (UTF-8) and the {@code /} between them kept. */
    public static String encode(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 16);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
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
}
