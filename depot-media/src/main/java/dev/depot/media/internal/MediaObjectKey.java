package dev.depot.media.internal;

import dev.depot.Style;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A media object key read back: {@code [cache/]media_attachments/files/<id partition>/<style>/<16 hex>.<ext>}
 * (the layout {@link MediaKeys} writes).
 *
 * @param key    the whole key
 * @param cached whether it is under {@code cache/}
 * @param id     the record id its partition spells
 * @param style  its style
 */
record MediaObjectKey(String key, boolean cached, long id, Style style) {
    /** The folders every media object lives under, in key order. */
    static final String CACHE_FOLDER = "cache/media_attachments/files/";
    static final String UPLOAD_FOLDER = "media_attachments/files/";
    private static final Pattern LAYOUT = Pattern.compile(
            "(cache/)?media_attachments/files/((?:\\d{3}/){3,7})(original|small)/[0-9a-f]{16}\\.[a-z0-9]{1,5}");

    /** The key parsed, or empty when it is not laid out as a media key. */
    static Optional<MediaObjectKey> parse(String key) {
        Matcher m = LAYOUT.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        String digits = m.group(2).replace("/", "").replaceFirst("^0+(?=\\d)", "");
        long id;
        try {
            id = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than a long holds: not one of ours
        }
        return Optional.of(new MediaObjectKey(key, m.group(1) != null, id, Style.valueOf(m.group(3).toUpperCase(Locale.ROOT))));
    }

    /** When the upload with this id began: ids are milliseconds since the epoch shifted left 16 bits. */
    static Instant idTime(long id) {
        return Instant.ofEpochMilli(id >>> 16);
    }
}
