package dev.depot.internal;

import java.util.Map;
import java.util.Optional;

/** Mastodon's {@code PAPERCLIP_ROOT_PATH}, {@code PAPERCLIP_ROOT_URL} and {@code CDN_HOST} as a {@code file:} blob URL. */
final class PaperclipEnvironment {
    private PaperclipEnvironment() {}

    /** The {@code file:} URL when any of the variables is set. */
    static Optional<String> url(Map<String, String> env) {
        return Optional.empty(); // translated in the filesystem blob store work
    }
}
