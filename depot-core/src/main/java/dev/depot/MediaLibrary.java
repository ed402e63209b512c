package dev.depot;

import java.io.InputStream;
import java.net.URI;
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

    /**
     * Fetches remote media (a file another server hosts) over HTTP(S) and stores a copy under
     * {@code cache/}, processed like an upload; the record keeps {@code uri} as its
     * {@link MediaAttachment#remoteUrl()}. The type is judged from the bytes, never from the
     * answer's {@code Content-Type}. At most {@link RemoteMediaOptions#maxRedirects()} redirects
     * are followed, each to http or https only; the body is refused as soon as it passes the
     * largest {@link MediaLimits limit}; the whole fetch is bounded by
     * {@link RemoteMediaOptions#fetchTimeout()}. When a cache cap is set, the oldest cached files
     * are removed afterwards until the cache fits.
     *
     * @throws IllegalArgumentException  when {@code uri} is not an absolute http or https URL
     * @throws MediaRejectedException    when the server answers with an error, a bad redirect or too many redirects,
     *                                   or when the bytes are refused as an upload would be ({@link UnsupportedMediaException},
     *                                   {@link MediaTooLargeException}); nothing is stored
     * @throws StoreUnavailableException when the server cannot be reached or the fetch times out
     */
    MediaAttachment cacheRemote(URI uri);

    /**
     * Brings a record's files back: a remote copy whose cached files were removed (or are
     * missing) is fetched again from its {@link MediaAttachment#remoteUrl()}; a record left
     * {@code FAILED}, or {@code PROCESSING}/{@code QUEUED} for over an hour (its process died), is
     * processed again from its stored original. The id, owner, description and focus stay.
     *
     * @return the record as it is now (unchanged when nothing was missing)
     * @throws java.util.NoSuchElementException when there is no record {@code id}
     * @throws DepotException                   when there is nothing to make the files from (no remote URL and no
     *                                          stored original); the record is left as it was
     */
    MediaAttachment refresh(long id);

    /**
     * Deletes the cached files of remote media created before {@code olderThan} ago and keeps
     * their records (with no variants), so {@link #refresh} can fetch them again. Uploads are
     * never touched.
     */
    MediaRemoval removeCached(Duration olderThan);

    /**
     * Deletes uploads (records and files) that were never {@link #attach attached} and are older
     * than {@code olderThan}; Mastodon's default is one day ({@link #removeUnattached()}). Remote
     * copies are left to {@link #removeCached}.
     */
    MediaRemoval removeUnattached(Duration olderThan);

    /** {@link #removeUnattached(Duration)} of uploads older than one day. */
    default MediaRemoval removeUnattached() {
        return removeUnattached(Duration.ofDays(1));
    }

    /**
     * Walks the media objects of the blob store in key order and compares them with the
     * records: objects no record names are orphans, records naming objects the store lacks are
     * reported. A dry run by default ({@link OrphanScan#dryRun()}); uploads younger than the
     * grace period are left alone; records are read in batches ({@link DbMap#getAll}, one
     * lookup per 1,000 objects); deletes go in batches of 1,000. Each judged key is logged with
     * its reason.
     *
     * <p>When applied, a store that lists no media object at all leaves every record as it is
     * (a wrong bucket must not empty the records).
     */
    OrphanReport removeOrphans(OrphanScan scan);

    /**
     * Bytes recorded per kind and style next to the bytes the blob store lists, with the
     * difference named (orphans, missing objects, uploads in flight). Reads every record and
     * lists every media object: an operator's command, not a request-path call.
     */
    MediaUsage usage();
}
