package dev.depot.media.internal;

import dev.depot.Style;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids and object keys laid out as Mastodon's: time-ordered ids (milliseconds since the epoch
 * shifted left 16 bits, plus 16 random bits, increasing within this JVM) and keys
 * {@code [cache/]media_attachments/files/<id in groups of three digits>/<style>/<16 hex>.<ext>}.
 * Thread-safe.
 */
final class MediaKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong LAST_ID = new AtomicLong();

    private MediaKeys() {}

    /** A new id, greater than every id this JVM made before. */
    static long nextId() {
        long candidate = (System.currentTimeMillis() << 16) | ThreadLocalRandom.current().nextInt(1 << 16);
        return LAST_ID.updateAndGet(last -> Math.max(last + 1, candidate));
    }

    /** 16 random hex digits: the file name all styles of one upload share. */
    static String newFileStem() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The key of one style of upload {@code id}.
     *
     * @param cached true for a copy of remote media, which lives under {@code cache/}
     */
    static String key(boolean cached, long id, Style style, String stem, String extension) {
        return (cached ? "cache/" : "") + "media_attachments/files/" + partition(id) + "/" + style.key() + "/" + stem
                + "." + extension;
    }

    /**
     * The id as Paperclip's {@code id_partition}: its decimal digits, zero-padded to at least nine
     * and to a multiple of three, in groups of three ({@code 000/000/042}; a snowflake id gives six groups).
     */
    static String partition(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("media ids are not negative, not " + id);
        }
        String digits = Long.toString(id);
        int width = Math.max(9, (digits.length() + 2) / 3 * 3);
        String padded = "0".repeat(width - digits.length()) + digits;
        StringBuilder b = new StringBuilder(width + width / 3);
        for (int i = 0; i < width; i += 3) {
            if (i > 0) {
                b.append('/');
            }
            b.append(padded, i, i + 3);
        }
        return b.toString();
    }
}
