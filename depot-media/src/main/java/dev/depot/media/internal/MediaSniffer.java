package dev.depot.media.internal;

import dev.depot.DepotException;
import dev.depot.MediaType;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;

/**
 * The type of an upload from its first bytes, with Tika core's magic detector. No file name is
 * given to Tika, so a spoofed extension changes nothing. Thread-safe.
 */
final class MediaSniffer {
    /** How many leading bytes are enough for every magic in Tika's table. */
    static final int HEAD_BYTES = 64 * 1024;

    /** The accepted types, by what Tika calls them, with their kind and file extension. */
    record Accepted(String mimeType, MediaType kind, String extension) {}

    /** Tika's name for an Ogg it cannot place is {@code application/ogg}: counted as audio (the same byte
     *  limit as video) until ffprobe, in the video pipeline, looks for a video stream. */
    private static final Map<String, Accepted> ACCEPTED = Map.ofEntries(
            image("image/jpeg", "jpeg"), image("image/png", "png"), image("image/gif", "gif"),
            image("image/webp", "webp"), image("image/heic", "heic"), image("image/heif", "heif"),
            image("image/avif", "avif"),
            entry("video/mp4", MediaType.VIDEO, "mp4"), entry("video/quicktime", MediaType.VIDEO, "mov"),
            entry("video/webm", MediaType.VIDEO, "webm"), entry("video/ogg", MediaType.VIDEO, "ogg"),
            entry("audio/mpeg", MediaType.AUDIO, "mp3"), entry("audio/ogg", MediaType.AUDIO, "ogg"),
            entry("audio/vorbis", MediaType.AUDIO, "ogg"), entry("audio/opus", MediaType.AUDIO, "opus"),
            entry("application/ogg", MediaType.AUDIO, "ogg"), entry("audio/vnd.wave", MediaType.AUDIO, "wav"),
            entry("audio/x-wav", MediaType.AUDIO, "wav"), entry("audio/x-flac", MediaType.AUDIO, "flac"),
            entry("audio/flac", MediaType.AUDIO, "flac"), entry("audio/mp4", MediaType.AUDIO, "m4a"),
            entry("audio/x-m4a", MediaType.AUDIO, "m4a"), entry("audio/aac", MediaType.AUDIO, "aac"),
            entry("audio/x-aac", MediaType.AUDIO, "aac"));

    private static Map.Entry<String, Accepted> image(String mime, String extension) {
        return entry(mime, MediaType.IMAGE, extension);
    }

    private static Map.Entry<String, Accepted> entry(String mime, MediaType kind, String extension) {
        return Map.entry(mime, new Accepted(mime, kind, extension));
    }

    private final MimeTypes detector = MimeTypes.getDefaultMimeTypes(MediaSniffer.class.getClassLoader());

    /** What Tika makes of {@code head} (the upload's first bytes), e.g. {@code image/png}, refined by {@link #refine}. */
    String detect(byte[] head) {
        try (TikaInputStream in = TikaInputStream.get(head)) {
            return refine(detector.detect(in, new Metadata(), new ParseContext()).getBaseType().toString(), head);
        } catch (IOException e) {
            throw new DepotException("cannot sniff the upload's type: " + e.getMessage(), e);
        }
    }

    /**
     * Where Tika's magic table is coarser than the accepted list: it calls every ISO media file
     * (MP4, M4A) {@code video/quicktime}, and WebM {@code application/x-matroska}. The ISO major
     * brand and the EBML doc type, both in the first bytes, tell them apart.
     */
    static String refine(String mime, byte[] head) {
        if ((mime.equals("video/quicktime") || mime.equals("video/mp4")) && ascii(head, 4, 4).equals("ftyp")) {
            String brand = ascii(head, 8, 4);
            if (brand.equals("qt  ")) {
                return "video/quicktime";
            }
            return brand.equals("M4A ") || brand.equals("M4B ") ? "audio/mp4" : "video/mp4";
        }
        if (mime.equals("application/x-matroska") && ascii(head, 0, Math.min(head.length, 64)).contains("webm")) {
            return "video/webm";
        }
        return mime;
    }

    private static String ascii(byte[] bytes, int from, int length) {
        return from + length > bytes.length ? "" : new String(bytes, from, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The accepted type {@code mimeType} is, if it is one. */
    static Optional<Accepted> accepted(String mimeType) {
        return Optional.ofNullable(ACCEPTED.get(mimeType));
    }
}
