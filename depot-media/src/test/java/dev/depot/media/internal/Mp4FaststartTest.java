package dev.depot.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java copy of a passthrough MP4 against what {@code ffmpeg -c copy -map_metadata -1
 * -movflags +faststart} makes of the same file: the same packets, what ffprobe reads of it, the
 * index first, none of the upload's metadata; and no copy at all when the data box holds anything
 * the kept tracks do not use.
 */
class Mp4FaststartTest {
    @TempDir
    Path dir;

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private Path ffmpeg(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(dir.resolve(name).toString());
        run(command.toArray(String[]::new));
        return dir.resolve(name);
    }

    /**
     * A clip with a title, a location (as a phone writes it, in an {@code mdta} key), a creation time, a
     * stream title and a handler name, which must all go; with {@code chapters}, also a chapter track.
     */
    private Path clip(String name, boolean sound, boolean faststart, boolean chapters) throws Exception {
        Path meta = Files.writeString(dir.resolve("meta.txt"), ";FFMETADATA1\ntitle=SecretTitle\n"
                + (chapters ? "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=500\ntitle=SecretChapter\n" : ""));
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25"));
        if (sound) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=duration=2"));
        }
        args.addAll(List.of("-i", meta.toString(), "-map", "0:v"));
        if (sound) {
            args.addAll(List.of("-map", "1:a", "-c:a", "aac"));
        }
        String metaInput = sound ? "2" : "1";
        args.addAll(List.of("-map_metadata", metaInput, "-map_chapters", chapters ? metaInput : "-1", "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-shortest", "-metadata", "com.apple.quicktime.location.ISO6709=+48.8584+002.2945/",
                "-metadata", "creation_time=2024-05-06T07:08:09Z", "-metadata:s:v:0", "title=SecretStream",
                "-metadata:s:v:0", "handler_name=SecretHandler", "-movflags",
                "+use_metadata_tags" + (faststart ? "+faststart" : "")));
        return ffmpeg(name, args.toArray(String[]::new));
    }

    private String packets(Path file, String stream) throws Exception {
        return run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", stream, "-c", "copy", "-f", "md5",
                "-").strip();
    }

    private String probe(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-show_entries", "stream=index,codec_name,profile,pix_fmt,width,height,"
                + "avg_frame_rate,nb_frames,duration,start_time,sample_rate,channels:stream_side_data=rotation",
                "-of", "default=nw=1", file.toString());
    }

    @Test
    void theCopyHasFfmpegsPacketsTheIndexFirstAndNoMetadata() throws Exception {
        for (boolean sound : List.of(true, false)) {
            for (String layout : List.of("end", "first")) {
                Path in = clip(layout + sound + ".mp4", sound, layout.equals("first"), false);
                assertThat(new String(Files.readAllBytes(in), StandardCharsets.ISO_8859_1))
                        .contains("SecretTitle", "48.8584", "SecretStream", "SecretHandler", "2024");
                Path mine = dir.resolve("mine.mp4");
                assertThat(Mp4Faststart.write(in, mine)).as(in.toString()).isTrue();
                Path theirs = ffmpeg("theirs.mp4", "-i", in.toString(), "-map", "0:v:0", "-map", "0:a:0?",
                        "-map_metadata", "-1", "-map_chapters", "-1", "-c", "copy", "-movflags", "+faststart");

                assertThat(packets(mine, "0:v:0")).isEqualTo(packets(in, "0:v:0")).isEqualTo(packets(theirs, "0:v:0"));
                if (sound) {
                    assertThat(packets(mine, "0:a:0")).isEqualTo(packets(in, "0:a:0"));
                }
                assertThat(probe(mine)).isEqualTo(probe(theirs));
                // The whole file decodes without a complaint.
                assertThat(run("ffmpeg", "-nostdin", "-v", "error", "-i", mine.toString(), "-f", "null", "-")).isEmpty();
                String bytes = new String(Files.readAllBytes(mine), StandardCharsets.ISO_8859_1);
                assertThat(bytes.indexOf("moov")).isLessThan(bytes.indexOf("mdat"));
                assertThat(bytes).doesNotContain("SecretTitle").doesNotContain("48.8584").doesNotContain("SecretChapter")
                        .doesNotContain("SecretStream").doesNotContain("SecretHandler").doesNotContain("udta")
                        .doesNotContain("Lavf");
                assertThat(run("ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags:chapters", "-of",
                        "default=nw=1", mine.toString())).doesNotContain("creation_time").doesNotContain("Secret")
                        .doesNotContain("location");
                assertThat(Mp4Header.read(mine)).isPresent();
            }
        }
    }

    @Test
    void aRotatedClipKeepsItsRotation() throws Exception {
        Path clip = clip("clip.mp4", true, false, false);
        Path rotated = ffmpeg("rotated.mp4", "-i", clip.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90");
        Path mine = dir.resolve("mine.mp4");
        assertThat(Mp4Faststart.write(rotated, mine)).isTrue();
        assertThat(probe(mine)).contains("rotation=").isEqualTo(probe(rotated));
    }

    @Test
    void dataTheKeptTracksDoNotUseMeansNoCopy() throws Exception {
        Path in = clip("fast.mp4", true, true, false);
        byte[] clip = Files.readAllBytes(in);
        int mdat = new String(clip, StandardCharsets.ISO_8859_1).lastIndexOf("mdat") - 4;
        // A hidden payload appended inside the data box: the box grows, no sample points there.
        byte[] hidden = java.util.Arrays.copyOf(clip, clip.length + 100);
        System.arraycopy("GPS 48.8584".getBytes(StandardCharsets.ISO_8859_1), 0, hidden, clip.length, 11);
        ByteBuffer.wrap(hidden).putInt(mdat, ByteBuffer.wrap(clip).getInt(mdat) + 100);
        Path out = dir.resolve("out.mp4");
        assertThat(Mp4Faststart.write(Files.write(dir.resolve("hidden.mp4"), hidden), out)).isFalse();
        assertThat(out).doesNotExist();
        // A second audio track (ffmpeg would keep only the first): its samples would be left in the data.
        Path twoAudio = ffmpeg("two.mp4", "-i", in.toString(), "-map", "0:v", "-map", "0:a", "-map", "0:a", "-c", "copy");
        assertThat(Mp4Faststart.write(twoAudio, out)).isFalse();
        // Chapters: ffmpeg writes them as a text track, whose samples are in the data.
        Path chapters = clip("chapters.mp4", true, false, true);
        assertThat(new String(Files.readAllBytes(chapters), StandardCharsets.ISO_8859_1)).contains("SecretChapter");
        assertThat(Mp4Faststart.write(chapters, out)).isFalse();
        // Not a passthrough (HEVC), fragmented, truncated: no copy.
        Path hevc = ffmpeg("hevc.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x48:rate=10", "-c:v", "libx265",
                "-x265-params", "log-level=error");
        Path frag = ffmpeg("frag.mp4", "-i", in.toString(), "-c", "copy", "-movflags", "frag_keyframe+empty_moov");
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(clip, clip.length - 1000));
        for (Path p : List.of(hevc, frag, cut)) {
            assertThat(Mp4Faststart.write(p, out)).as(p.toString()).isFalse();
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void chunksMustFillTheDataExactly() {
        assertThat(Mp4Faststart.fills(List.of(new long[] {10, 5}, new long[] {15, 5}), 10, 10)).isTrue();
        assertThat(Mp4Faststart.fills(List.of(new long[] {15, 5}, new long[] {10, 5}), 10, 10)).isTrue();
        assertThat(Mp4Faststart.fills(List.of(new long[] {10, 5}, new long[] {16, 4}), 10, 10)).as("a gap").isFalse();
        assertThat(Mp4Faststart.fills(List.of(new long[] {10, 6}, new long[] {15, 5}), 10, 10)).as("overlap").isFalse();
        assertThat(Mp4Faststart.fills(List.of(new long[] {10, 5}), 10, 10)).as("unused tail").isFalse();
        assertThat(Mp4Faststart.fills(List.of(new long[] {11, 9}), 10, 10)).as("unused head").isFalse();
    }
}
