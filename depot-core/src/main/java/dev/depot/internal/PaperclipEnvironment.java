package dev.depot.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Mastodon's {@code PAPERCLIP_ROOT_PATH}, {@code PAPERCLIP_ROOT_URL} and {@code CDN_HOST} as a
 * {@code file:} blob URL: {@code file:<PAPERCLIP_ROOT_PATH>?baseUrl=<CDN_HOST joined with
 * PAPERCLIP_ROOT_URL>}. The join is the one Mastodon's URLs get (RFC 3986 resolution, as
 * Rails' asset host with Addressable does): {@code https://cdn.example.com} and {@code /system}
 * give {@code https://cdn.example.com/system}; an absolute {@code PAPERCLIP_ROOT_URL} is used as
 * it is; without {@code CDN_HOST} the base is {@code PAPERCLIP_ROOT_URL} alone (a path on the
 * application's own host). {@code PAPERCLIP_ROOT_URL} defaults to {@code /system}, as in Mastodon;
 * without {@code PAPERCLIP_ROOT_PATH} the folder is the session folder's {@code media/}.
 */
final class PaperclipEnvironment {
    /** Mastodon's default {@code PAPERCLIP_ROOT_URL}. */
    static final String DEFAULT_ROOT_URL = "/system";

    private PaperclipEnvironment() {}

    /**
     * The {@code file:} URL when any of the variables is set.
     *
     * @throws IllegalArgumentException naming the variable when {@code CDN_HOST} or
     *                                  {@code PAPERCLIP_ROOT_URL} is not a URL
     */
    static Optional<String> url(Map<String, String> env) {
        String path = blankToNull(env.get("PAPERCLIP_ROOT_PATH"));
        String rootUrl = blankToNull(env.get("PAPERCLIP_ROOT_URL"));
        String cdn = blankToNull(env.get("CDN_HOST"));
        if (path == null && rootUrl == null && cdn == null) {
            return Optional.empty();
        }
        String base = baseUrl(cdn, rootUrl == null ? DEFAULT_ROOT_URL : rootUrl);
        String folder = path == null ? "" : path.replace("%", "%25").replace("?", "%3F");
        return Optional.of("file:" + folder + "?baseUrl=" + URLEncoder.encode(base, StandardCharsets.UTF_8));
    }

    private static String baseUrl(String cdn, String rootUrl) {
        URI root;
        try {
            root = new URI(rootUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("PAPERCLIP_ROOT_URL is not a URL or path: " + e.getMessage(), e);
        }
        if (root.isAbsolute() || cdn == null) {
            return strip(rootUrl);
        }
        URI host;
        try {
            host = new URI(cdn.contains("://") ? cdn : "https://" + cdn);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("CDN_HOST is not a URL: " + e.getMessage(), e);
        }
        if (host.getHost() == null) {
            throw new IllegalArgumentException("CDN_HOST names no host: '" + cdn + "'");
        }
        if (host.getRawPath() == null || host.getRawPath().isEmpty()) {
            host = host.resolve("/");
        }
        return strip(host.resolve(root).toString());
    }

    private static String strip(String url) {
        return url.replaceAll("/+$", "");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
