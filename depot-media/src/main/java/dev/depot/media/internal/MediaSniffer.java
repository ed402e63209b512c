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

    private static final Map<String, Accepted> ACCEPTED = Map.ofEntries(
            image("image/jpeg", "jpeg"), image("image/png", "png"), image("image/gif", "gif"),
            image("image/webp", "webp"), image("image/heic", "heic"), image("image/heif", "heif"),
            image("image/avif", "avif"),
            entry("video/mp4", MediaType.VIDEO, "mp4"), entry("video/quicktime", MediaType.VIDEO, "mov"),
            entry("video/webm", MediaType.VIDEO, "webm"), entry("video/ogg", MediaType.VIDEO, "ogv"),
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

    /** What Tika makes of {@code head} (the upload's first bytes), e.g. {@code image/png}. */
    String detect(byte[] head) {
        try (TikaInputStream in = TikaInputStream.get(head)) {
            return detector.detect(in, new Metadata(), new ParseContext()).getBaseType().toString();
        } catch (IOException e) {
            throw new DepotException("cannot sniff the upload's type: " + e.getMessage(), e);
        }
    }

    /** The accepted type {@code mimeType} is, if it is one. */
    static Optional<Accepted> accepted(String mimeType) {
        return Optional.ofNullable(ACCEPTED.get(mimeType));
    }
}
