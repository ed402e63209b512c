package dev.depot.media.internal;

import dev.depot.DepotException;
import dev.depot.MediaAttachment;
import dev.depot.MediaLimits;
import dev.depot.MediaRejectedException;
import dev.depot.MediaTooLargeException;
import dev.depot.MediaType;
import dev.depot.Style;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;

/**
 * Video, GIFV and audio through {@code ffprobe} and {@code ffmpeg} processes. {@link #plan}
 * reads the header and enforces the limits before anything is decoded; {@link #process} then
 * makes the styles: H.264/AAC/yuv420p MP4 is copied without re-encoding (in Java by
 * {@link Mp4Faststart} when it is sure of the file, else by ffmpeg), other video is
 * transcoded to H.264/AAC MP4 within the byte budget, audio becomes MP3; {@code small} is a PNG
 * frame (or an audio file's cover art) within 640 × 640, and the blurhash is computed on a
 * 100-pixel-wide frame made by the same run. Every output drops the upload's metadata
 * ({@code -map_metadata -1}: a phone's location must not leave the server). Thread-safe: each
 * call works in the folder it is given.
 *
 * <p>Over 300 lines because video and audio share the ffmpeg runs, the progress parsing, the
 * preview beside the main run, the copy and preview started beside the probe ({@link #startEarly})
 * and the PNG measurements; split in two, each half would repeat them.
 */
final class AvPipeline {
    /** The {@code small} style of video and audio: a frame within this many pixels on each side, as Mastodon. */
    static final int SMALL_SIDE = 640;
    /** Highest video bitrate a transcode aims at, bits per second; lower when the byte budget needs it. */
    static final long MAX_VIDEO_BITRATE = 5_000_000;
    static final long AUDIO_BITRATE = 128_000;

    /**
     * What {@link #plan} decided: the kind the upload is, whether its streams are copied as they
     * are, and its probe.
     */
    record Plan(MediaType type, boolean passthrough, FfProbe.Probe probe) {}

    private final MediaLimits limits;

    AvPipeline(MediaLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads the header of {@code in} (in Java for a passthrough MP4, {@link Mp4Header}; else with
     * ffprobe) and checks it against the limits, decoding nothing.
     *
     * @param mime         the sniffed type
     * @param animatedGif  true for an animated GIF (its pixel limit was checked from its header)
     * @throws MediaTooLargeException when its frames, frame rate, frame count (declared duration × frame rate, at
     *                                least one frame a second) or bytes are over the limits
     * @throws MediaRejectedException when ffprobe cannot read it or it holds neither picture nor sound
     */
    Plan plan(Path in, String mime, boolean animatedGif) {
        return plan(in, mime, animatedGif, header(in, mime).orElse(null));
    }

    /**
     * {@link #plan} with the header already read by {@link #header}; a null {@code known} asks ffprobe.
     */
    Plan plan(Path in, String mime, boolean animatedGif, FfProbe.Probe known) {
        FfProbe.Probe probe = known != null ? known : FfProbe.probe(in, limits.processTimeout());
        long bytes = size(in);
        if (probe.video().isPresent()) {
            FfProbe.Stream v = probe.video().get();
            long pixels = (long) v.width() * v.height();
            long pixelLimit = animatedGif ? limits.animatedGifPixels() : limits.videoPixels();
            if (pixels > pixelLimit) {
                throw new MediaTooLargeException("the video is " + v.width() + " x " + v.height() + " = " + pixels
                        + " pixels, over the limit of " + pixelLimit);
            }
            if (Math.floor(v.frameRate()) > limits.videoFrameRate()) {
                throw new MediaTooLargeException("the video has " + v.frameRate() + " frames a second, over the limit of "
                        + limits.videoFrameRate());
            }
            // A header may declare hours behind a tiny frame rate; counting at least one frame a second
            // refuses it as well, before a single frame is decoded.
            long frames = Math.max(v.frames(), (long) Math.ceil(probe.duration() * Math.max(1, v.frameRate())));
            if (frames > limits.videoFrames()) {
                throw new MediaTooLargeException("the video declares " + probe.duration() + " s, about " + frames
                        + " frames, over the limit of " + limits.videoFrames() + " frames");
            }
            if (!animatedGif && bytes > limits.videoBytes()) {
                throw new MediaTooLargeException("the video is over the limit of " + limits.videoBytes() + " bytes");
            }
            MediaType type = animatedGif || probe.audio().isEmpty() ? MediaType.GIFV : MediaType.VIDEO;
            boolean passthrough = mime.equals("video/mp4") && v.codec().equals("h264")
                    && v.pixelFormat().equals("yuv420p")
                    && probe.audio().map(a -> a.codec().equals("aac")).orElse(true);
            return new Plan(type, passthrough, probe);
        }
        if (probe.audio().isEmpty()) {
            throw new MediaRejectedException("it has neither a video nor an audio stream ffmpeg can read ("
                    + probe.formatName() + ")");
        }
        if (bytes > limits.audioBytes()) {
            throw new MediaTooLargeException("the audio is over the limit of " + limits.audioBytes() + " bytes");
        }
        return new Plan(MediaType.AUDIO, probe.audio().get().codec().equals("mp3"), probe);
    }

    /**
     * The header of a sniffed {@code video/mp4} that can pass through, read in Java ({@link Mp4Header});
     * empty for any other file, which ffprobe then reads.
     */
    static java.util.Optional<FfProbe.Probe> header(Path in, String mime) {
        return mime.equals("video/mp4") ? Mp4Header.read(in) : java.util.Optional.empty();
    }

    /**
     * Makes the styles of {@code in} as {@code plan} says, in {@code work}.
     *
     * @param progress hears the percentage done (0 to 100) of the longest step, as ffmpeg reports it
     * @throws MediaRejectedException when ffmpeg cannot read the file (corrupt past its header) or the
     *                                transcoded file is over the byte budget; nothing is kept
     */
    ImagePipeline.Processed process(Path in, Plan plan, Path work, IntConsumer progress) {
        return process(in, plan, work, progress, null);
    }

    /**
     * {@link #process}, keeping the outputs of {@code early} (started by {@link #startEarly} on the
     * same file and folder) when the plan is a passthrough, and stopping it otherwise.
     */
    ImagePipeline.Processed process(Path in, Plan plan, Path work, IntConsumer progress, EarlyStart early) {
        boolean keepEarly = early != null && plan.type() != MediaType.AUDIO && plan.passthrough();
        if (early != null && !keepEarly) {
            early.stop(); // its file is overwritten by the transcode
        }
        if (plan.type() == MediaType.AUDIO) {
            return audio(in, plan, work, progress);
        }
        FfProbe.Stream v = plan.probe().video().orElseThrow();
        Path original = work.resolve("original.mp4");
        Path small = work.resolve("small.png");
        Path thumb = work.resolve("blurhash.png");
        // The preview is made beside the copy or transcode: in one ffmpeg run it would make ffmpeg decode every frame.
        CompletableFuture<Void> preview = keepEarly ? early.preview().done()
                : new Background("depot-media-preview", () -> frames(in, "0:v:0", small, thumb, 0)).done();
        List<String> command = ffmpeg(in);
        command.addAll(List.of("-map", "0:v:0"));
        if (plan.type() == MediaType.VIDEO) {
            command.addAll(List.of("-map", "0:a:0"));
        }
        if (plan.passthrough()) {
            command.addAll(List.of("-c", "copy"));
        } else {
            command.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
                    "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-maxrate", Long.toString(videoBitrate(plan)),
                    "-bufsize", Long.toString(2 * videoBitrate(plan))));
            command.addAll(plan.type() == MediaType.VIDEO
                    ? List.of("-c:a", "aac", "-b:a", Long.toString(AUDIO_BITRATE)) : List.of("-an"));
        }
        command.addAll(List.of("-movflags", "+faststart", original.toString()));
        runBeside(keepEarly ? early.copy()::await : () -> copyOrRun(in, original, plan, command, progress), preview);
        long bytes = size(original);
        if (bytes > limits.videoBytes()) {
            throw new MediaRejectedException("the transcoded video is " + bytes + " bytes, over the limit of "
                    + limits.videoBytes());
        }
        // A transcode turns the picture upright and evens its sides; a copy keeps the rotation for the player.
        int width = plan.passthrough() ? v.displayWidth() : evenDown(v.displayWidth());
        int height = plan.passthrough() ? v.displayHeight() : evenDown(v.displayHeight());
        double duration = plan.probe().duration();
        List<ImagePipeline.Output> outputs = List.of(
                new ImagePipeline.Output(Style.ORIGINAL, original, "video/mp4", "mp4",
                        MediaAttachment.Meta.video(width, height, duration, v.frameRate(), bitrate(bytes, duration))),
                pngOutput(small));
        return new ImagePipeline.Processed(plan.type(), outputs, ImagePipeline.blurhash(thumb));
    }

    /**
     * A passthrough's copy made in Java ({@link Mp4Faststart}) when it is sure of the file; else, and
     * for a transcode, the ffmpeg run {@code command}.
     */
    private void copyOrRun(Path in, Path original, Plan plan, List<String> command, IntConsumer progress) {
        try {
            if (plan.passthrough() && Mp4Faststart.write(in, original)) {
                progress.accept(100);
                return;
            }
        } catch (IOException e) {
            throw new DepotException("cannot write the copy of the upload: " + e.getMessage(), e);
        }
        runFfmpeg(command, plan.probe().duration(), progress);
    }

    private ImagePipeline.Processed audio(Path in, Plan plan, Path work, IntConsumer progress) {
        Path original = work.resolve("original.mp3");
        Path small = work.resolve("small.png");
        Path thumb = work.resolve("blurhash.png");
        CompletableFuture<Void> preview = plan.probe().cover().isPresent()
                ? new Background("depot-media-preview",
                        () -> frames(in, "0:" + plan.probe().cover().get().index(), small, thumb, 0)).done()
                : CompletableFuture.completedFuture(null);
        List<String> command = ffmpeg(in);
        command.addAll(List.of("-map", "0:a:0", "-vn"));
        command.addAll(plan.passthrough() ? List.of("-c:a", "copy") : List.of("-c:a", "libmp3lame", "-q:a", "2"));
        command.add(original.toString());
        runBeside(() -> runFfmpeg(command, plan.probe().duration(), progress), preview);
        long bytes = size(original);
        double duration = plan.probe().duration();
        List<ImagePipeline.Output> outputs = new ArrayList<>();
        outputs.add(new ImagePipeline.Output(Style.ORIGINAL, original, "audio/mpeg", "mp3",
                MediaAttachment.Meta.audio(duration, bitrate(bytes, duration))));
        String blurhash = null;
        if (plan.probe().cover().isPresent()) {
            outputs.add(pngOutput(small));
            blurhash = ImagePipeline.blurhash(thumb);
        }
        return new ImagePipeline.Processed(MediaType.AUDIO, outputs, blurhash);
    }

    /**
     * Starts the stream copy of {@code in} to {@code work/original.mp4} as a passthrough would
     * make it, and its preview frames, before {@link #plan} has probed the file: for an upload
     * whose bytes say MP4, so that ffprobe, the copy and the preview run together. The copy decodes
     * nothing; the preview decodes its first frame only, and its decoder refuses a frame over the
     * video pixel limit before allocating it ({@code -max_pixels}), so a decompression bomb is
     * still refused before anything large is decoded. {@link #process} keeps or stops them.
     */
    EarlyStart startEarly(Path in, Path work) {
        List<String> command = ffmpeg(in);
        // "?": an MP4 without sound becomes GIFV, copied without an audio stream, as the plan's own copy does.
        command.addAll(List.of("-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-movflags", "+faststart",
                work.resolve("original.mp4").toString()));
        return new EarlyStart(new Background("depot-media-copy", () -> runFfmpeg(command, 0, percent -> { })),
                new Background("depot-media-preview", () -> frames(in, "0:v:0", work.resolve("small.png"),
                        work.resolve("blurhash.png"), limits.videoPixels())));
    }

    /**
     * The copy and preview of an MP4 running while it is probed. Used by the upload's thread;
     * {@link #stop} may be called more than once.
     */
    record EarlyStart(Background copy, Background preview) {
        /** Stops both (their ffmpeg processes are killed) and waits for them to end, so the work folder can go. */
        void stop() {
            copy.stop();
            preview.stop();
        }
    }

    /** A task on a virtual thread of its own, which can be stopped by interrupting it. */
    static final class Background {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Thread thread;

        Background(String name, Runnable task) {
            this.thread = Thread.ofVirtual().name(name).start(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
        }

        CompletableFuture<Void> done() {
            return done;
        }

        /** Waits for the task; its failure is rethrown (a RuntimeException as it is). */
        void await() {
            join(done);
        }

        /** Interrupts the task (a running process is killed) and waits for it to end. */
        void stop() {
            thread.interrupt();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The start of every ffmpeg run: quiet but for errors, stop at the first decoding error, no metadata kept. */
    private static List<String> ffmpeg(Path in) {
        return new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-xerror", "-y", "-i",
                in.toString(), "-map_metadata", "-1", "-map_chapters", "-1"));
    }

    /**
     * Writes the first frame of {@code stream} within 640 × 640 to {@code small} and 100 pixels
     * wide to {@code thumb}; a positive {@code maxPixels} makes the decoder refuse a larger frame.
     */
    private void frames(Path in, String stream, Path small, Path thumb, long maxPixels) {
        List<String> command = ffmpeg(in);
        // One decoding thread: for one frame, starting the usual one-per-core threads costs more than it saves.
        command.addAll(command.indexOf("-i"), List.of("-threads", "1"));
        if (maxPixels > 0) {
            command.addAll(command.indexOf("-i"), List.of("-max_pixels", Long.toString(maxPixels)));
        }
        command.addAll(List.of("-filter_complex", "[" + stream + "]split=2[a][b];"
                        + "[a]scale=w='min(" + SMALL_SIDE + ",iw)':h='min(" + SMALL_SIDE + ",ih)'"
                        + ":force_original_aspect_ratio=decrease[small];"
                        + "[b]scale=" + ImagePipeline.BLURHASH_WIDTH + ":-1[thumb]",
                "-map", "[small]", "-frames:v", "1", small.toString(),
                "-map", "[thumb]", "-frames:v", "1", thumb.toString()));
        ProcessRunner.Result r = ProcessRunner.run(command, Map.of(), limits.processTimeout(), FfProbe.PACKAGE);
        if (!r.ok() || !Files.isRegularFile(small) || !Files.isRegularFile(thumb)) {
            throw new MediaRejectedException("ffmpeg cannot decode its first frame: " + r.lastLine());
        }
    }

    /** Runs {@code main} and waits for {@code preview}, also when {@code main} fails (it writes in the same folder). */
    private static void runBeside(Runnable main, CompletableFuture<Void> preview) {
        try {
            main.run();
        } catch (RuntimeException e) {
            try {
                preview.join();
            } catch (RuntimeException previewFailed) {
                e.addSuppressed(previewFailed);
            }
            throw e;
        }
        join(preview);
    }

    /** Runs ffmpeg with {@code -progress}, telling {@code progress} each new whole percent of {@code duration}. */
    private void runFfmpeg(List<String> command, double duration, IntConsumer progress) {
        List<String> withProgress = new ArrayList<>(command);
        withProgress.addAll(withProgress.size() - 1, List.of("-progress", "pipe:1", "-nostats"));
        int[] last = {-1};
        // A transcode takes time in proportion to the clip: processTimeout plus twice the duration (a 20-minute
        // video, 36,000 frames at 30 fps, may run 42 minutes on a busy machine before it is stopped).
        Duration timeout = limits.processTimeout().plusMillis((long) (2_000 * Math.max(0, duration)));
        ProcessRunner.Result r = ProcessRunner.run(withProgress, Map.of(), timeout, FfProbe.PACKAGE,
                line -> {
                    int percent = percent(line, duration);
                    if (percent > last[0]) {
                        last[0] = percent;
                        progress.accept(percent);
                    }
                });
        if (!r.ok()) {
            throw new MediaRejectedException("ffmpeg cannot read it: " + reason(r.output()));
        }
    }

    /**
     * The percentage one {@code -progress} line says is done: {@code out_time_us} (microseconds
     * written) against the duration, at most 99 until {@code progress=end}; -1 for other lines.
     */
    static int percent(String line, double duration) {
        if (line.equals("progress=end")) {
            return 100;
        }
        if (!line.startsWith("out_time_us=") || duration <= 0) {
            return -1;
        }
        try {
            double done = Long.parseLong(line.substring("out_time_us=".length())) / 1e6;
            return (int) Math.max(0, Math.min(99, Math.floor(100 * done / duration)));
        } catch (NumberFormatException e) {
            return -1; // "N/A" before the first packet
        }
    }

    /** The last line of ffmpeg's output that is not one of its {@code -progress} lines ({@code key=value}). */
    static String reason(String output) {
        String[] lines = output.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.matches("[a-z_0-9]+=\\S*")) {
                return line;
            }
        }
        return "(no reason given)";
    }

    /** The video bitrate that keeps the transcode within the byte budget (90 % of it, audio included). */
    private long videoBitrate(Plan plan) {
        double duration = Math.max(1, plan.probe().duration());
        long budget = (long) (0.9 * limits.videoBytes() * 8 / duration) - AUDIO_BITRATE;
        return Math.max(100_000, Math.min(MAX_VIDEO_BITRATE, budget));
    }

    private static ImagePipeline.Output pngOutput(Path png) {
        int[] size = pngSize(png);
        return new ImagePipeline.Output(Style.SMALL, png, "image/png", "png", MediaAttachment.Meta.image(size[0], size[1]));
    }

    /** Width and height from a PNG's IHDR chunk (bytes 16 to 23). */
    static int[] pngSize(Path png) {
        try (InputStream in = Files.newInputStream(png)) {
            byte[] head = in.readNBytes(24);
            if (head.length < 24) {
                throw new DepotException("ffmpeg wrote a PNG too short to have a size: " + png.getFileName());
            }
            return new int[] {readInt(head, 16), readInt(head, 20)};
        } catch (IOException e) {
            throw new DepotException("cannot read the preview " + png.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static int evenDown(int n) {
        return Math.max(2, n - n % 2);
    }

    private static Long bitrate(long bytes, double duration) {
        return duration > 0 ? Math.round(bytes * 8 / duration) : null;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DepotException("cannot read the size of " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Waits for the preview; its failure (a frame ffmpeg cannot decode) is the upload's failure. */
    private static void join(CompletableFuture<Void> preview) {
        try {
            preview.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepotException("interrupted while the preview was made", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new DepotException("the preview failed: " + e.getCause(), e.getCause());
        }
    }
}
