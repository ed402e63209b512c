package dev.depot;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link MediaLibrary#upload} accepts, with Mastodon's defaults. Immutable; each
 * {@code with} method returns a changed copy. Pixel limits are checked from the file's header,
 * before anything is decoded.
 *
 * <pre>{@code depot.media(MediaLimits.defaults().withImageBytes(8 << 20))}</pre>
 *
 * @param imageBytes        largest image file, bytes (16 MiB)
 * @param imagePixels       most pixels (width × height) of an image (33,177,600 = 7680 × 4320)
 * @param animatedGifPixels most pixels of an animated GIF (921,600 = 1280 × 720)
 * @param videoBytes        largest video file, bytes (99 MiB)
 * @param audioBytes        largest audio file, bytes (99 MiB)
 * @param videoPixels       most pixels of a video frame (8,294,400 = 3840 × 2160)
 * @param videoFrameRate    highest video frame rate, frames per second (120)
 * @param videoFrames       most frames of a video (36,000)
 * @param processTimeout    longest run of one external tool (vips, ffmpeg) on one upload (2 minutes); the
 *                          ffmpeg run that copies or transcodes gets twice the clip's duration on top
 * @param backgroundBytes   a video, GIFV or audio upload larger than this is processed in the background: the
 *                          upload returns it {@code QUEUED} (8 MiB; 0 sends every one there)
 * @param workers           how many uploads are processed in the background at once, per Depot (2)
 * @param queueSize         how many more may wait for a worker before an upload is refused with
 *                          {@link MediaBusyException} (16)
 */
public record MediaLimits(long imageBytes, long imagePixels, long animatedGifPixels, long videoBytes,
                          long audioBytes, long videoPixels, int videoFrameRate, long videoFrames,
                          Duration processTimeout, long backgroundBytes, int workers, int queueSize) {
    public static final long MIB = 1024 * 1024;

    public MediaLimits {
        positive("imageBytes", imageBytes);
        positive("imagePixels", imagePixels);
        positive("animatedGifPixels", animatedGifPixels);
        positive("videoBytes", videoBytes);
        positive("audioBytes", audioBytes);
        positive("videoPixels", videoPixels);
        positive("videoFrameRate", videoFrameRate);
        positive("videoFrames", videoFrames);
        Objects.requireNonNull(processTimeout, "processTimeout");
        if (processTimeout.isNegative() || processTimeout.isZero()) {
            throw new IllegalArgumentException("processTimeout must be positive, not " + processTimeout);
        }
        if (backgroundBytes < 0) {
            throw new IllegalArgumentException("backgroundBytes must not be negative, not " + backgroundBytes);
        }
        positive("workers", workers);
        if (queueSize < 0) {
            throw new IllegalArgumentException("queueSize must not be negative, not " + queueSize);
        }
    }

    /** These limits with the background defaults (8 MiB, 2 workers, 16 waiting). */
    public MediaLimits(long imageBytes, long imagePixels, long animatedGifPixels, long videoBytes, long audioBytes,
                       long videoPixels, int videoFrameRate, long videoFrames, Duration processTimeout) {
        this(imageBytes, imagePixels, animatedGifPixels, videoBytes, audioBytes, videoPixels, videoFrameRate,
                videoFrames, processTimeout, 8 * MIB, 2, 16);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /** Mastodon's limits: 16 MiB and 33,177,600 px images, 921,600 px animated GIFs, 99 MiB video and audio,
     *  8,294,400 px, 120 fps and 36,000 frames of video; two minutes per tool run; video and audio over
     *  8 MiB processed in the background by 2 workers with 16 waiting. */
    public static MediaLimits defaults() {
        return new MediaLimits(16 * MIB, 33_177_600, 921_600, 99 * MIB, 99 * MIB, 8_294_400, 120, 36_000,
                Duration.ofMinutes(2));
    }

    /** The largest file of any kind: how much of an upload is read before its kind is known to be over. */
    public long largestBytes() {
        return Math.max(imageBytes, Math.max(videoBytes, audioBytes));
    }

    // One line each: every with method is the same copy through a Draft, changing one component.
    public MediaLimits withImageBytes(long bytes) { return with(d -> d.imageBytes = bytes); }
    public MediaLimits withImagePixels(long pixels) { return with(d -> d.imagePixels = pixels); }
    public MediaLimits withAnimatedGifPixels(long pixels) { return with(d -> d.animatedGifPixels = pixels); }
    public MediaLimits withVideoBytes(long bytes) { return with(d -> d.videoBytes = bytes); }
    public MediaLimits withAudioBytes(long bytes) { return with(d -> d.audioBytes = bytes); }
    public MediaLimits withVideoPixels(long pixels) { return with(d -> d.videoPixels = pixels); }
    public MediaLimits withVideoFrameRate(int fps) { return with(d -> d.videoFrameRate = fps); }
    public MediaLimits withVideoFrames(long frames) { return with(d -> d.videoFrames = frames); }
    public MediaLimits withProcessTimeout(Duration timeout) { return with(d -> d.processTimeout = timeout); }

    /** These limits with uploads over {@code bytes} of video, GIFV or audio processed in the background. */
    public MediaLimits withBackgroundBytes(long bytes) { return with(d -> d.backgroundBytes = bytes); }

    /** These limits with {@code count} background workers and room for {@code waiting} more uploads. */
    public MediaLimits withWorkers(int count, int waiting) {
        return with(d -> {
            d.workers = count;
            d.queueSize = waiting;
        });
    }

    /** A copy with what {@code change} sets on a draft of this; the record's checks run on the copy. */
    private MediaLimits with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return new MediaLimits(draft.imageBytes, draft.imagePixels, draft.animatedGifPixels, draft.videoBytes,
                draft.audioBytes, draft.videoPixels, draft.videoFrameRate, draft.videoFrames, draft.processTimeout,
                draft.backgroundBytes, draft.workers, draft.queueSize);
    }

    /** The components of a {@link MediaLimits} being changed by one {@code with} method. */
    private static final class Draft {
        long imageBytes;
        long imagePixels;
        long animatedGifPixels;
        long videoBytes;
        long audioBytes;
        long videoPixels;
        int videoFrameRate;
        long videoFrames;
        Duration processTimeout;
        long backgroundBytes;
        int workers;
        int queueSize;

        Draft(MediaLimits from) {
            imageBytes = from.imageBytes;
            imagePixels = from.imagePixels;
            animatedGifPixels = from.animatedGifPixels;
            videoBytes = from.videoBytes;
            audioBytes = from.audioBytes;
            videoPixels = from.videoPixels;
            videoFrameRate = from.videoFrameRate;
            videoFrames = from.videoFrames;
            processTimeout = from.processTimeout;
            backgroundBytes = from.backgroundBytes;
            workers = from.workers;
            queueSize = from.queueSize;
        }
    }
}
