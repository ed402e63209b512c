package dev.depot.media;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** Test images made with java.awt and the Debian tools bin/test installs (exiftool, vips, ffmpeg); no binary samples. */
final class TestMedia {
    private TestMedia() {}

    /** A picture with a gradient and shapes, so the encoders have something to do. */
    static BufferedImage picture(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 200), w, h, new Color(240, 180, 40)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200, 30, 60));
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        if (img.getColorModel().hasAlpha()) { // a see-through corner, so encoders keep the alpha channel
            g.setComposite(java.awt.AlphaComposite.Clear);
            g.fillRect(0, 0, Math.max(1, w / 4), Math.max(1, h / 4));
        }
        g.dispose();
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(int w, int h) {
        return encode(picture(w, h, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    static byte[] png(int w, int h) {
        return encode(picture(w, h, BufferedImage.TYPE_INT_ARGB), "png");
    }

    /** 8,000 × 8,000 one-bit pixels, all black: a few kilobytes that decode to 64 megapixels. */
    static byte[] bombPng() {
        return encode(new BufferedImage(8000, 8000, BufferedImage.TYPE_BYTE_BINARY), "png");
    }

    /** The sRGB profile Java ships, as a file exiftool can embed. */
    static Path iccFile(Path dir) throws IOException {
        return Files.write(dir.resolve("srgb.icc"), ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
    }

    /** Runs a tool and returns its output; fails the test when it exits non-zero. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * The markers and segment identifiers of a JPEG up to its first scan, e.g.
     * {@code FFE0 JFIF}, {@code FFE1 Exif}, {@code FFE2 ICC_PROFILE}.
     */
    static List<String> jpegSegments(byte[] jpeg) {
        List<String> segments = new ArrayList<>();
        int i = 2;
        while (i + 4 <= jpeg.length) {
            int marker = ((jpeg[i] & 0xff) << 8) | (jpeg[i + 1] & 0xff);
            int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            int idEnd = i + 4;
            while (idEnd < Math.min(jpeg.length, i + 4 + 12) && jpeg[idEnd] >= 0x20 && jpeg[idEnd] < 0x7f) {
                idEnd++;
            }
            String id = marker >= 0xffe0 && marker <= 0xffef || marker == 0xfffe
                    ? " " + new String(jpeg, i + 4, idEnd - i - 4, StandardCharsets.ISO_8859_1) : "";
            segments.add(String.format("%04X", marker) + id);
            if (marker == 0xffda) {
                break;
            }
            i += 2 + length;
        }
        return segments;
    }

    /** Makes {@code name} in {@code dir} with {@code ffmpeg -v error -y ARGS name} and returns its path. */
    static Path ffmpeg(Path dir, String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(name);
        run(dir, command.toArray(String[]::new));
        return dir.resolve(name);
    }

    /** {@code ffprobe}'s answer for the stream entries {@code entries} of {@code file}, one {@code key=value} a line. */
    static String probe(Path file, String entries) throws IOException, InterruptedException {
        return run(file.getParent(), "ffprobe", "-v", "error", "-show_entries", entries, "-of", "default=nw=1",
                file.toString());
    }

    /** The MD5 of every packet of the first video stream, as stored: equal only when the stream was copied. */
    static String videoPacketsMd5(Path file) throws IOException, InterruptedException {
        return run(file.getParent(), "ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", "0:v:0",
                "-c", "copy", "-f", "md5", "-").strip();
    }
}
