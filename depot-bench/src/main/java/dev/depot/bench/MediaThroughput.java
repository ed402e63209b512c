package dev.depot.bench;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The media rows, in a JVM of their own, on the filesystem blob store (so the tools are what is
 * measured, not a network):
 * <ul>
 *   <li>{@value #IMAGES}: Depot's upload of 12-megapixel JPEGs (sniffing, header, original and
 *       small styles, metadata stripping, blurhash, stores and record) against
 *       {@code vipsthumbnail} run as a process twice per file, for the two sizes; images/s;</li>
 *   <li>{@value #HEAP}: the peak heap of one upload of a 33-megapixel JPEG (the largest the limits
 *       allow), MiB, from the heap pools' peak usage after a reset;</li>
 *   <li>{@value #VIDEO}: Depot's upload of a 60-second H.264/AAC MP4 (probe, copy without
 *       re-encoding, preview frame, stores) against {@code ffmpeg -c copy -movflags +faststart} of
 *       the same file; files/s, so the ratio is the inverse of the time ratio.</li>
 * </ul>
 * Test files are made with ffmpeg before anything is measured. Each round runs Depot and its peer
 * in alternating order; the ratio's interval comes from the per-round ratios. Prints
 * {@code RESULT} and {@code RATIO} lines.
 *
 * <p>Arguments: a work folder, and optionally rounds.
 */
public final class MediaThroughput {
    public static final String IMAGES = "media images 12 MP";
    public static final String HEAP = "media heap 33 MP";
    public static final String VIDEO = "media video copy 60 s";
    private static final int IMAGE_FILES = 4;

    private MediaThroughput() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).resolve("media");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Rounds.delete(work);
        Files.createDirectories(work);
        List<Path> photos = new ArrayList<>();
        for (int i = 0; i < IMAGE_FILES; i++) {
            photos.add(ffmpeg(work, "photo-" + i + ".jpg", "-f", "lavfi", "-i", "testsrc2=size=4000x3000:rate=1",
                    "-vf", "hue=h=" + (i * 40), "-frames:v", "1", "-q:v", "3"));
        }
        Path huge = ffmpeg(work, "huge.jpg", "-f", "lavfi", "-i", "testsrc2=size=7680x4320:rate=1", "-frames:v", "1",
                "-q:v", "3");
        Path clip = ffmpeg(work, "clip.mp4", "-f", "lavfi", "-i", "testsrc2=duration=60:size=1280x720:rate=30", "-f",
                "lavfi", "-i", "sine=duration=60", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "4M", "-pix_fmt",
                "yuv420p", "-c:a", "aac", "-shortest");

        try (Depot d = Depot.open(DepotConfig.builder().url("memory:").sessionDir(work.resolve("session"))
                .blobUrl("file:" + work.resolve("store")).build())) {
            // Nothing of these goes to the background: the upload call does the whole work, as the peer does.
            MediaLibrary media = d.media(MediaLimits.defaults().withBackgroundBytes(Long.MAX_VALUE));
            heap(media, huge);
            List<Double> depotImages = new ArrayList<>();
            List<Double> vipsImages = new ArrayList<>();
            List<Double> imageRatios = new ArrayList<>();
            List<Double> depotVideo = new ArrayList<>();
            List<Double> ffmpegVideo = new ArrayList<>();
            List<Double> videoRatios = new ArrayList<>();
            uploads(media, photos); // warm-up: JIT, class loading, page cache
            vipsthumbnail(work, photos);
            uploads(media, List.of(clip));
            ffmpegCopy(work, clip);
            for (int r = 0; r < rounds; r++) {
                boolean depotFirst = r % 2 == 0;
                double a = depotFirst ? uploads(media, photos) : 0;
                double b = vipsthumbnail(work, photos);
                a = depotFirst ? a : uploads(media, photos);
                depotImages.add(a);
                vipsImages.add(b);
                imageRatios.add(a / b);
                double c = depotFirst ? uploads(media, List.of(clip)) : 0;
                double e = ffmpegCopy(work, clip);
                c = depotFirst ? c : uploads(media, List.of(clip));
                depotVideo.add(c);
                ffmpegVideo.add(e);
                videoRatios.add(c / e);
                System.err.printf(Locale.ROOT, "media round %d: images depot %.2f/s vipsthumbnail %.2f/s (%.2f); "
                        + "video depot %.2f/s ffmpeg -c copy %.2f/s (%.2f)%n", r, a, b, a / b, c, e, c / e);
            }
            result(IMAGES, "depot@file", depotImages, "images/s");
            result(IMAGES, "vipsthumbnail", vipsImages, "images/s");
            Rounds.ratio(IMAGES, imageRatios);
            result(VIDEO, "depot@file", depotVideo, "files/s");
            result(VIDEO, "ffmpeg-copy", ffmpegVideo, "files/s");
            Rounds.ratio(VIDEO, videoRatios);
        } finally {
            Rounds.delete(work);
        }
    }

    /** Uploads every file; files per second. */
    private static double uploads(MediaLibrary media, List<Path> files) throws IOException {
        long t0 = System.nanoTime();
        for (Path f : files) {
            MediaAttachment a;
            try (InputStream in = Files.newInputStream(f)) {
                a = media.upload(in, f.getFileName().toString(), UploadOptions.defaults());
            }
            if (a.status() != MediaAttachment.Status.DONE) {
                throw new IllegalStateException("upload of " + f + " ended " + a.status() + ": " + a.failure());
            }
        }
        double perSecond = files.size() / ((System.nanoTime() - t0) / 1e9);
        return perSecond;
    }

    /** {@code vipsthumbnail} to both styles' sizes, a process each, as Mastodon's pipeline would run it; files per second. */
    private static double vipsthumbnail(Path work, List<Path> files) throws Exception {
        long t0 = System.nanoTime();
        for (Path f : files) {
            run(work, "vipsthumbnail", f.toString(), "--size", "3326x2494", "-o",
                    work.resolve("vt-original.jpg").toString() + "[Q=90]");
            run(work, "vipsthumbnail", f.toString(), "--size", "554x416", "-o",
                    work.resolve("vt-small.jpg").toString() + "[Q=90]");
        }
        return files.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /** {@code ffmpeg -c copy -movflags +faststart} of the clip; files per second. */
    private static double ffmpegCopy(Path work, Path clip) throws Exception {
        long t0 = System.nanoTime();
        run(work, "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", clip.toString(), "-c", "copy", "-movflags",
                "+faststart", work.resolve("copy.mp4").toString());
        return 1 / ((System.nanoTime() - t0) / 1e9);
    }

    /** Peak heap of one 33-megapixel upload, after a collection and a reset of the pools' peaks. */
    private static void heap(MediaLibrary media, Path huge) throws IOException {
        System.gc();
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        uploads(media, List.of(huge));
        long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%f\t%f\t%s%n", HEAP, "depot@file", peak / 1048576.0, Double.NaN,
                "MiB");
    }

    private static Path ffmpeg(Path work, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(work.resolve(name).toString());
        run(work, command.toArray(String[]::new));
        return work.resolve(name);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
    }

    private static void result(String workload, String target, List<Double> scores, String unit) {
        System.out.printf(Locale.ROOT, "RESULT %s\t%s\t%f\t%f\t%s%n", workload, target, Rounds.mean(scores),
                2 * Rounds.stderr(scores), unit);
    }
}
