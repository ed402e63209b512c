package dev.depot;

import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Uploads turned into stored styles with a record, as Mastodon handles media: the type is
 * judged from the bytes (never the name), limits are enforced before decoding, images are
 * rotated upright, stripped of every metadata but the colour profile, scaled to each
 * {@link Style}'s pixel budget and blurhashed. Files go to {@link Depot#blobs()} under
 * {@code media_attachments/files/<id partition>/<style>/<16 hex>.<ext>}, publicly readable and
 * cached for ever; records go to the Depot map {@code media_attachments}.
 *
 * <p>Get one with {@link Depot#media()} (module {@code depot-media} on the class or module path;
 * it runs the {@code vips} tools of libvips and {@code ffmpeg}/{@code ffprobe} as processes). Thread-safe. Null arguments throw
 * {@link NullPointerException}. Store failures throw {@link StoreUnavailableException}.
 */
public interface MediaLibrary {

    /**
     * Reads {@code in} to its end (it is not closed), checks and processes it, stores every style
     * and the record.
     *
     * @param fileName the uploader's file name, kept for display only (its last path segment)
     * <p>Video becomes H.264/AAC MP4 (copied without re-encoding when it already is H.264/AAC/yuv420p
     * MP4), a video without sound or an animated GIF becomes {@link MediaType#GIFV} (MP4 without
     * sound), audio becomes MP3; their {@code small} style is a PNG frame (or the audio's cover art)
     * within 640 × 640. Limits are checked with {@code ffprobe} before anything is decoded.
     *
     * @param fileName the uploader's file name, kept for display only (its last path segment)
     * @return the record: images, and video and audio up to {@link MediaLimits#backgroundBytes()}, come back
     *         {@link MediaAttachment.Status#DONE}; larger video and audio come back
     *         {@link MediaAttachment.Status#QUEUED} and are processed in the background (see {@link #await})
     * @throws UnsupportedMediaException when the bytes are not an accepted type
     * @throws MediaTooLargeException    when the upload is over a {@link MediaLimits limit}
     * @throws MediaRejectedException    when it is empty, truncated or corrupt (ffmpeg cannot read it), or the file
     *                                   name has control characters
     * @throws MediaBusyException        when it would go to the background and the queue is full; nothing is stored
     * @throws DepotException            when a processing tool is missing or times out; nothing is stored
     */
    MediaAttachment upload(InputStream in, String fileName, UploadOptions options);

    /** The record with URLs for the current blob store, or empty when there is none. */
    Optional<MediaAttachment> get(long id);

    /**
     * Waits until upload {@code id} is {@link MediaAttachment.Status#DONE} or
     * {@link MediaAttachment.Status#FAILED}, at most {@code timeout}, and returns its record then;
     * after the timeout, the record as it is ({@code QUEUED} or {@code PROCESSING}, with its
     * progress). An upload processed in this process is waited for directly; one processed
     * elsewhere is polled.
     *
     * @throws java.util.NoSuchElementException when there is no record {@code id} (or it was deleted meanwhile)
     * @throws DepotException                   when the thread is interrupted
     */
    MediaAttachment await(long id, Duration timeout);

    /**
     * Records that the upload belongs to {@code owner} (a status id, say), so pruning of
     * unattached uploads keeps it.
     *
     * @return the updated record
     * @throws java.util.NoSuchElementException when there is no record {@code id}
     */
    MediaAttachment attach(long id, String owner);

    /**
     * Removes every stored style, then the record.
     *
     * @return true when there was a record
     */
    boolean delete(long id);
}
