package dev.depot.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java MP4 header reader against ffprobe, on real files made by ffmpeg: where it answers, it
 * answers what ffprobe says (as far as the limits and the record use it); where it is not sure
 * (another codec or pixel format, fragmented, truncated, corrupt, hostile) it gives no answer, so
 * ffprobe reads the file as before.
 */
class Mp4HeaderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path ffmpeg(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(dir.resolve(name).toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return dir.resolve(name);
    }

    private Path h264(String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt",
                "yuv420p", "-c:a", "aac", "-shortest"));
        args.addAll(List.of(extra));
        return ffmpeg(name, args.toArray(String[]::new));
    }

    /** The reader's answer, which must exist, compared field by field with ffprobe's. */
    private FfProbe.Probe assertSameAsFfprobe(Path file) {
        Optional<FfProbe.Probe> mine = Mp4Header.read(file);
        assertThat(mine).as("%s: %s", file.getFileName(), Mp4Header.whyNot(file)).isPresent();
        FfProbe.Probe java = mine.get();
        FfProbe.Probe ff = FfProbe.probe(file, TIMEOUT);
        assertThat(java.formatName()).isEqualTo(ff.formatName());
        assertThat(java.duration()).as("duration").isCloseTo(ff.duration(), within(0.001));
        assertThat(java.streams()).hasSameSizeAs(ff.streams());
        for (int i = 0; i < ff.streams().size(); i++) {
            FfProbe.Stream j = java.streams().get(i);
            FfProbe.Stream f = ff.streams().get(i);
            assertThat(j.index()).isEqualTo(f.index());
            assertThat(j.type()).isEqualTo(f.type());
            assertThat(j.codec()).isEqualTo(f.codec());
            assertThat(j.attachedPicture()).isEqualTo(f.attachedPicture());
            if (f.type().equals("video")) {
                assertThat(j.pixelFormat()).isEqualTo(f.pixelFormat());
                assertThat(j.width()).isEqualTo(f.width());
                assertThat(j.height()).isEqualTo(f.height());
                assertThat(j.frameRate()).as("frame rate").isEqualTo(f.frameRate());
                assertThat(j.frames()).as("frames").isEqualTo(f.frames());
                assertThat(j.rotation()).as("rotation").isEqualTo(f.rotation());
            }
        }
        assertThat(java.video()).isPresent();
        return java;
    }

    private void assertNoAnswer(Path file) {
        assertThat(Mp4Header.read(file)).as(file.getFileName().toString()).isEmpty();
    }

    @Test
    void h264AacWithTheIndexAtTheEndOrFirstIsReadAsFfprobeReadsIt() throws Exception {
        FfProbe.Probe atEnd = assertSameAsFfprobe(h264("end.mp4"));
        assertThat(atEnd.video().orElseThrow().width()).isEqualTo(320);
        assertThat(atEnd.audio().orElseThrow().codec()).isEqualTo("aac");
        assertSameAsFfprobe(h264("first.mp4", "-movflags", "+faststart"));
        assertSameAsFfprobe(h264("big.mp4", "-metadata", "title=x", "-metadata", "location=+48.8584+002.2945/"));
    }

    @Test
    void h264WithoutSoundWithBFramesAndNtscRateAndOddSizeIsReadAsFfprobeReadsIt() throws Exception {
        FfProbe.Probe silent = assertSameAsFfprobe(ffmpeg("silent.mp4", "-f", "lavfi", "-i",
                "testsrc=duration=1:size=64x48:rate=10", "-c:v", "libx264", "-pix_fmt", "yuv420p"));
        assertThat(silent.audio()).isEmpty();
        // Default preset: B-frames, so ffmpeg writes an edit list and composition offsets.
        FfProbe.Probe ntsc = assertSameAsFfprobe(ffmpeg("ntsc.mp4", "-f", "lavfi", "-i",
                "testsrc=duration=2:size=322x242:rate=30000/1001", "-f", "lavfi", "-i", "sine=duration=2",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"));
        assertThat(ntsc.video().orElseThrow().frameRate()).isCloseTo(29.97, within(0.01));
        assertThat(ntsc.video().orElseThrow().width()).as("cropped from the macroblocks").isEqualTo(322);
        assertSameAsFfprobe(ffmpeg("high.mp4", "-f", "lavfi", "-i", "testsrc=duration=1:size=128x96:rate=24",
                "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-x264-params", "cqm=jvt"));
    }

    @Test
    void aRotatedPhoneVideoHasFfprobesRotation() throws Exception {
        Path clip = h264("clip.mp4");
        for (String degrees : List.of("90", "180", "270")) {
            // ffmpeg 5 writes the display matrix from the rotate tag on a stream copy only.
            FfProbe.Probe p = assertSameAsFfprobe(ffmpeg("rot" + degrees + ".mp4", "-i", clip.toString(), "-c", "copy",
                    "-metadata:s:v:0", "rotate=" + degrees));
            assertThat(p.video().orElseThrow().rotation()).isNotZero();
        }
    }

    @Test
    void whatCannotPassThroughIsLeftToFfprobe() throws Exception {
        Path hevc = ffmpeg("hevc.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x48:rate=10", "-c:v", "libx265",
                "-x265-params", "log-level=error");
        Path yuv444 = ffmpeg("yuv444.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x48:rate=10",
                "-c:v", "libx264", "-pix_fmt", "yuv444p");
        Path full = ffmpeg("full.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x48:rate=10",
                "-c:v", "libx264", "-pix_fmt", "yuvj420p");
        Path tenBit = ffmpeg("tenbit.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x48:rate=10",
                "-c:v", "libx264", "-pix_fmt", "yuv420p10le");
        Path mp3 = ffmpeg("mp3.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x48:rate=10", "-f", "lavfi",
                "-i", "sine=duration=0.5", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "libmp3lame", "-shortest");
        Path audioOnly = ffmpeg("audio.mp4", "-f", "lavfi", "-i", "sine=duration=0.5", "-c:a", "aac");
        Path fragmented = h264("frag.mp4", "-movflags", "frag_keyframe+empty_moov");
        Path webm = ffmpeg("clip.webm", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x48:rate=10", "-c:v", "libvpx");
        for (Path p : List.of(hevc, yuv444, full, tenBit, mp3, audioOnly, fragmented, webm)) {
            assertNoAnswer(p);
        }
        // ffprobe's own answers, which the plan then judges (none of them is a passthrough).
        assertThat(FfProbe.probe(hevc, TIMEOUT).video().orElseThrow().codec()).isEqualTo("hevc");
        assertThat(FfProbe.probe(yuv444, TIMEOUT).video().orElseThrow().pixelFormat()).isEqualTo("yuv444p");
        assertThat(FfProbe.probe(full, TIMEOUT).video().orElseThrow().pixelFormat()).isEqualTo("yuvj420p");
        assertThat(FfProbe.probe(tenBit, TIMEOUT).video().orElseThrow().pixelFormat()).isEqualTo("yuv420p10le");
        assertThat(FfProbe.probe(mp3, TIMEOUT).audio().orElseThrow().codec()).isEqualTo("mp3");
    }

    @Test
    void aTruncatedOrCorruptFileIsLeftToFfprobe() throws Exception {
        byte[] clip = Files.readAllBytes(h264("clip.mp4"));
        byte[] fast = Files.readAllBytes(h264("fast.mp4", "-movflags", "+faststart"));
        assertNoAnswer(Files.write(dir.resolve("half.mp4"), java.util.Arrays.copyOf(clip, clip.length / 2)));
        // The index first and complete, the data cut: chunks point past the end.
        int mdat = new String(fast, StandardCharsets.ISO_8859_1).indexOf("mdat");
        assertNoAnswer(Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(fast, mdat + 4000)));
        byte[] garbage = clip.clone();
        for (int i = 40; i < garbage.length; i++) {
            garbage[i] = (byte) (garbage[i] * 31 + 7);
        }
        assertNoAnswer(Files.write(dir.resolve("garbage.mp4"), garbage));
        assertNoAnswer(Files.write(dir.resolve("empty.mp4"), new byte[0]));
    }

    @Test
    void aTenHourHeaderCountsItsFramesAtOneASecondAtLeast() throws Exception {
        Path mp4 = ffmpeg("long.mp4", "-f", "lavfi", "-i", "testsrc=duration=2:size=64x48:rate=1",
                "-vf", "setpts=PTS*36100", "-fps_mode", "passthrough", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        FfProbe.Probe p = Mp4Header.read(mp4).orElseThrow();
        assertThat(p.duration()).isCloseTo(FfProbe.probe(mp4, TIMEOUT).duration(), within(0.001));
        assertThat(p.duration()).isGreaterThan(36_000);
        assertThat(p.video().orElseThrow().frames()).isGreaterThan(36_000);
    }

    @Test
    void boxSizeBombsAndEndlessBoxesAreNotFollowed() throws Exception {
        byte[] ftyp = box("ftyp", "isom\0\0\2\0isomavc1".getBytes(StandardCharsets.ISO_8859_1));
        // A moov that claims 2^62 bytes (a 64-bit size) in a file of a few bytes.
        ByteBuffer huge = ByteBuffer.allocate(24).putInt(1).put("moov".getBytes(StandardCharsets.ISO_8859_1))
                .putLong(1L << 62).putLong(0);
        assertNoAnswer(Files.write(dir.resolve("huge.mp4"), concat(ftyp, huge.array())));
        // A real moov whose first child claims more than its parent holds.
        byte[] clip = Files.readAllBytes(h264("clip.mp4", "-movflags", "+faststart"));
        int moov = new String(clip, StandardCharsets.ISO_8859_1).indexOf("moov") - 4;
        byte[] lying = clip.clone();
        ByteBuffer.wrap(lying).putInt(moov + 8, 0x7fff_fff0);
        assertNoAnswer(Files.write(dir.resolve("lying.mp4"), lying));
        // A box of size 0 inside moov (to the parent's end) and a box smaller than its header.
        byte[] small = clip.clone();
        ByteBuffer.wrap(small).putInt(moov + 8, 3);
        assertNoAnswer(Files.write(dir.resolve("small.mp4"), small));
        // Two million empty boxes: the reader stops counting at its bound, quickly.
        byte[] many = new byte[ftyp.length + 8 * 2_000_000];
        System.arraycopy(ftyp, 0, many, 0, ftyp.length);
        for (int at = ftyp.length; at < many.length; at += 8) {
            ByteBuffer.wrap(many).putInt(at, 8).put(at + 4, (byte) 'f').put(at + 5, (byte) 'r').put(at + 6, (byte) 'e')
                    .put(at + 7, (byte) 'e');
        }
        Path manyFile = Files.write(dir.resolve("many.mp4"), many);
        long start = System.nanoTime();
        assertNoAnswer(manyFile);
        assertThat(Mp4Header.whyNot(manyFile)).contains("top-level boxes");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        // A moov over the in-memory bound is not read, whatever it holds.
        byte[] bigMoov = concat(ftyp, box("moov", new byte[Mp4Header.MAX_MOOV_BYTES + 1]));
        assertNoAnswer(Files.write(dir.resolve("bigmoov.mp4"), bigMoov));
        assertThat(Mp4Header.whyNot(dir.resolve("bigmoov.mp4"))).contains("moov over");
    }

    @Test
    void randomDamageToTheIndexNeverThrowsOrHangs() throws Exception {
        byte[] clip = Files.readAllBytes(h264("clip.mp4", "-movflags", "+faststart"));
        int moov = new String(clip, StandardCharsets.ISO_8859_1).indexOf("moov") - 4;
        int moovSize = ByteBuffer.wrap(clip).getInt(moov);
        Random random = new Random(12);
        Path file = dir.resolve("damaged.mp4");
        long start = System.nanoTime();
        for (int round = 0; round < 300; round++) {
            byte[] damaged = clip.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                damaged[moov + random.nextInt(moovSize)] = (byte) random.nextInt(256);
            }
            Files.write(file, damaged);
            Optional<FfProbe.Probe> answer = Mp4Header.read(file); // never throws
            answer.ifPresent(p -> assertThat(p.video()).isPresent());
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20_000);
    }

    private static byte[] box(String type, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).put(type.getBytes(StandardCharsets.ISO_8859_1))
                .put(body).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
