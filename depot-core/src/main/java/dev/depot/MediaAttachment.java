package dev.depot;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The record of one upload: what it is, how far its processing got, and where each
 * {@link Style} of it is stored. Immutable; kept as JSON in the Depot map
 * {@code media_attachments}, so it migrates with the other maps.
 *
 * @param id          time-ordered: milliseconds since the epoch shifted left 16 bits, plus a sequence
 * @param type        what the bytes turned out to be
 * @param status      how far processing got
 * @param failure     why processing failed, when {@code status} is {@link Status#FAILED}; else null
 * @param fileName    the uploader's file name, for display only (its last path segment; never used in keys)
 * @param owner       what the upload is attached to ({@link MediaLibrary#attach}), or null while unattached
 * @param createdAt   when it was uploaded
 * @param description alt text, at most 1,500 characters, or null
 * @param focus       the point previews keep in view
 * @param blurhash    the 4 × 4 blurhash of the image (or preview), or null when there is none
 * @param variants    every stored style, by style (empty while processing, and for a remote copy whose
 *                    cached files were removed: {@link MediaLibrary#refresh} fetches them again)
 * @param progress    percent of the processing done (0 to 100) while {@code QUEUED} or {@code PROCESSING}, 100 once
 *                    {@code DONE}; null in records written before it was kept
 * @param source      the upload as received, stored privately while it waits for processing in the background
 *                    (processing can restart from it); null once {@code DONE} or {@code FAILED}, and for uploads
 *                    processed during the call
 * @param remoteUrl   where a copy of remote media was fetched from ({@link MediaLibrary#cacheRemote}), or null
 *                    for an upload; records written before this field existed read as null
 */
public record MediaAttachment(long id, MediaType type, Status status, String failure, String fileName, String owner,
                              Instant createdAt, String description, Focus focus, String blurhash,
                              Map<Style, Variant> variants, Integer progress, Variant source, URI remoteUrl) {

    /**
     * How far processing got. Images, audio and small videos are processed during the upload and
     * come back {@code DONE}; larger videos come back {@code QUEUED} and go through
     * {@code PROCESSING} to {@code DONE}, or to {@code FAILED} with the reason and no stored style.
     */
    public enum Status { QUEUED, PROCESSING, DONE, FAILED }

    /**
     * A focus point: {@code x} from -1 (left) to 1 (right), {@code y} from -1 (bottom) to 1 (top),
     * as Mastodon's API.
     */
    public record Focus(double x, double y) {
        public static final Focus CENTRE = new Focus(0, 0);

        public Focus {
            if (!(x >= -1 && x <= 1) || !(y >= -1 && y <= 1)) {
                throw new IllegalArgumentException("focus must be within -1..1 on both axes, not (" + x + ", " + y + ")");
            }
        }
    }

    /**
     * Measurements of one style; a field that does not apply to the kind of media is null
     * (an image has no duration, frame rate or bitrate).
     *
     * @param aspect    width / height
     * @param duration  seconds
     * @param frameRate frames per second
     * @param bitrate   bits per second
     */
    public record Meta(Integer width, Integer height, Double aspect, Double duration, Double frameRate, Long bitrate) {
        /** Nothing measured (a stored upload that waits for processing). */
        public static final Meta NONE = new Meta(null, null, null, null, null, null);

        /** The meta of an image of this size. */
        public static Meta image(int width, int height) {
            return new Meta(width, height, (double) width / height, null, null, null);
        }

        /** The meta of a video of this size, {@code duration} seconds long, at {@code frameRate} and {@code bitrate}. */
        public static Meta video(int width, int height, double duration, double frameRate, long bitrate) {
            return new Meta(width, height, (double) width / height, duration, frameRate, bitrate);
        }

        /** The meta of sound {@code duration} seconds long at {@code bitrate} bits per second. */
        public static Meta audio(double duration, long bitrate) {
            return new Meta(null, null, null, duration, null, bitrate);
        }
    }

    /**
     * One stored style.
     *
     * @param key         the object's key in the blob store
     * @param url         its public URL (recomputed from the key by {@link MediaLibrary#get}, so it follows a switched store)
     * @param contentType its content type
     * @param bytes       its stored size
     * @param meta        its measurements
     */
    public record Variant(String key, URI url, String contentType, long bytes, Meta meta) {
        public Variant {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(meta, "meta");
        }
    }

    public MediaAttachment {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(focus, "focus");
        EnumMap<Style, Variant> copy = new EnumMap<>(Style.class);
        if (variants != null) {
            copy.putAll(variants);
        }
        variants = Collections.unmodifiableMap(copy);
        if (progress != null && (progress < 0 || progress > 100)) {
            throw new IllegalArgumentException("progress is a percentage, not " + progress);
        }
    }

    /** The record of an upload without progress or stored source (as written before they were kept). */
    public MediaAttachment(long id, MediaType type, Status status, String failure, String fileName, String owner,
                           Instant createdAt, String description, Focus focus, String blurhash,
                           Map<Style, Variant> variants) {
        this(id, type, status, failure, fileName, owner, createdAt, description, focus, blurhash, variants, null);
    }

    /** A record without progress or stored source, fetched from {@code remoteUrl} (null for an upload). */
    public MediaAttachment(long id, MediaType type, Status status, String failure, String fileName, String owner,
                           Instant createdAt, String description, Focus focus, String blurhash,
                           Map<Style, Variant> variants, URI remoteUrl) {
        this(id, type, status, failure, fileName, owner, createdAt, description, focus, blurhash, variants,
                status == Status.DONE ? 100 : null, null, remoteUrl);
    }

    /** The record of an upload (no {@code remoteUrl}) with its progress and stored source. */
    public MediaAttachment(long id, MediaType type, Status status, String failure, String fileName, String owner,
                           Instant createdAt, String description, Focus focus, String blurhash,
                           Map<Style, Variant> variants, Integer progress, Variant source) {
        this(id, type, status, failure, fileName, owner, createdAt, description, focus, blurhash, variants,
                progress, source, null);
    }

    /** The public URL of {@code style}, or null when that style is not stored. */
    public URI url(Style style) {
        Variant v = variants.get(style);
        return v == null ? null : v.url();
    }

    /** The measurements of {@code style}, or null when that style is not stored. */
    public Meta meta(Style style) {
        Variant v = variants.get(style);
        return v == null ? null : v.meta();
    }

    /** The stored size of {@code style} in bytes, 0 when it is not stored. */
    public long storedBytes(Style style) {
        Variant v = variants.get(style);
        return v == null ? 0 : v.bytes();
    }

    /** The stored size of every style together, in bytes. */
    public long storedBytes() {
        return variants.values().stream().mapToLong(Variant::bytes).sum();
    }

    /** This record attached to {@code newOwner} (null detaches it). */
    public MediaAttachment withOwner(String newOwner) {
        return new MediaAttachment(id, type, status, failure, fileName, newOwner, createdAt, description, focus,
                blurhash, variants, progress, source, remoteUrl);
    }

    /** This record with these variants (URLs refreshed, for instance). */
    public MediaAttachment withVariants(Map<Style, Variant> newVariants) {
        return new MediaAttachment(id, type, status, failure, fileName, owner, createdAt, description, focus,
                blurhash, newVariants, progress, source, remoteUrl);
    }

    /** This record at {@code percent} of its processing, {@code PROCESSING}. */
    public MediaAttachment withProgress(int percent) {
        return new MediaAttachment(id, type, Status.PROCESSING, failure, fileName, owner, createdAt, description, focus,
                blurhash, variants, percent, source, remoteUrl);
    }

    /** Every object key this record holds: its styles and, while it waits for processing, its stored upload. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(variants.values().stream().map(Variant::key).toList());
        if (source != null) {
            keys.add(source.key());
        }
        return List.copyOf(keys);
    }

    /** This record with {@code newStatus} and {@code reason} as failure (null unless FAILED). */
    public MediaAttachment withStatus(Status newStatus, String reason) {
        return new MediaAttachment(id, type, newStatus, reason, fileName, owner, createdAt, description, focus,
                blurhash, variants, progress, source, remoteUrl);
    }

    /** True for a copy of remote media ({@link #remoteUrl()} is set): its files live under {@code cache/}. */
    public boolean fromRemote() {
        return remoteUrl != null;
    }
}
