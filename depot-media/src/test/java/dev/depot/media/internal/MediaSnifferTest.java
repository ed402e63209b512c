package dev.depot.media.internal;

import dev.depot.testkit.junit.IntegrationTest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.MediaType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every accepted type, made by ffmpeg, vips and ImageIO, is recognised from its bytes with its kind. */
@IntegrationTest
class MediaSnifferTest {
    private static final MediaSniffer SNIFFER = new MediaSniffer();

    @TempDir
    Path dir;

    private MediaSniffer.Accepted sniff(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        String mime = SNIFFER.detect(Arrays.copyOf(all, Math.min(all.length, MediaSniffer.HEAD_BYTES)));
        return MediaSniffer.accepted(mime).orElseThrow(() -> new AssertionError(file + " sniffed as " + mime));
    }

    private Path ffmpeg(String name, String... args) throws Exception {
        Path out = dir.resolve(name);
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi"));
        cmd.addAll(List.of(args));
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("ffmpeg failed: " + log);
        }
        return out;
    }

    @Test
    void videoContainers() throws Exception {
        String video = "testsrc=duration=1:size=64x64:rate=10";
        assertThat(sniff(ffmpeg("a.mp4", "-i", video, "-pix_fmt", "yuv420p")))
                .isEqualTo(new MediaSniffer.Accepted("video/mp4", MediaType.VIDEO, "mp4"));
        assertThat(sniff(ffmpeg("a.mov", "-i", video)).mimeType()).isEqualTo("video/quicktime");
        assertThat(sniff(ffmpeg("a.webm", "-i", video)).mimeType()).isEqualTo("video/webm");
        assertThat(sniff(ffmpeg("a.ogv", "-i", video)).extension()).isEqualTo("ogg");
    }

    @Test
    void audioFormats() throws Exception {
        String sine = "sine=duration=1";
        for (String name : List.of("a.m4a", "a.opus", "a.wav", "a.flac", "a.mp3", "a.aac")) {
            assertThat(sniff(ffmpeg(name, "-i", sine)).kind()).as(name).isEqualTo(MediaType.AUDIO);
        }
        assertThat(sniff(ffmpeg("v.ogg", "-i", sine, "-c:a", "libvorbis")).kind()).isEqualTo(MediaType.AUDIO);
        assertThat(sniff(dir.resolve("a.m4a")).mimeType()).isEqualTo("audio/mp4");
    }

    @Test
    void imageFormats() throws Exception {
        BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (String format : List.of("jpg", "png", "gif")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            Path file = Files.write(dir.resolve("i." + format), out.toByteArray());
            assertThat(sniff(file).kind()).isEqualTo(MediaType.IMAGE);
        }
        for (String ext : List.of("webp", "heic", "avif")) {
            Path file = dir.resolve("i." + ext);
            Process p = new ProcessBuilder("vips", "copy", dir.resolve("i.png").toString(), file.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("vips wrote " + ext).isTrue();
            assertThat(sniff(file).mimeType()).isEqualTo("image/" + ext);
        }
    }

    @Test
    void matroskaOtherThanWebmAndUnknownBytesAreNotAccepted() throws Exception {
        Path mkv = ffmpeg("a.mkv", "-i", "testsrc=duration=1:size=64x64:rate=10");
        byte[] head = Arrays.copyOf(Files.readAllBytes(mkv), 4096);
        assertThat(MediaSniffer.accepted(SNIFFER.detect(head))).isEmpty();
        assertThat(MediaSniffer.accepted(SNIFFER.detect("hello".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }
}
