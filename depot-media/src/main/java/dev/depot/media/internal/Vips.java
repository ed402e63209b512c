package dev.depot.media.internal;

import dev.depot.MediaRejectedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The libvips command-line tools ({@code vipsheader}, {@code vips thumbnail}), run through
 * {@link ProcessRunner}. Loaders libvips marks untrusted (ImageMagick, MATLAB, FITS...) are
 * blocked, although only sniffed image types ever reach vips. Thread-safe.
 */
final class Vips {
    private static final Map<String, String> ENVIRONMENT = Map.of("VIPS_BLOCK_UNTRUSTED", "1");
    private static final String PACKAGE = "libvips-tools";

    /** What the header says, read without decoding a pixel. */
    record Header(long width, long height, int pages, int orientation, int bands) {
        /** Width and height after EXIF orientation is applied (5 to 8 turn the image a quarter). */
        long uprightWidth() {
            return orientation >= 5 && orientation <= 8 ? height : width;
        }

        long uprightHeight() {
            return orientation >= 5 && orientation <= 8 ? width : height;
        }

        boolean hasAlpha() {
            return bands == 2 || bands == 4;
        }
    }

    private final Duration timeout;

    Vips(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The header of {@code file}: libvips reads only the header here, so a decompression bomb
     * costs nothing yet.
     *
     * @throws MediaRejectedException when vips cannot read it
     */
    Header header(Path file) {
        ProcessRunner.Result r = ProcessRunner.run(List.of("vipsheader", "-a", file.toString()), ENVIRONMENT, timeout,
                PACKAGE);
        if (!r.ok()) {
            throw new MediaRejectedException("the image's header cannot be read: " + r.lastLine());
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : r.output().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
            }
        }
        try {
            return new Header(Long.parseLong(fields.get("width")), Long.parseLong(fields.get("height")),
                    Integer.parseInt(fields.getOrDefault("n-pages", "1")),
                    Integer.parseInt(fields.getOrDefault("orientation", "1")),
                    Integer.parseInt(fields.getOrDefault("bands", "3")));
        } catch (RuntimeException e) {
            throw new MediaRejectedException("the image's header has no readable size: " + r.lastLine(), e);
        }
    }

    /**
     * Writes {@code in} turned upright and resized to exactly {@code width} × {@code height}
     * (the caller keeps the aspect ratio) to {@code out}, whose extension picks the format
     * ({@code .jpeg} at quality 90, {@code .png}). A truncated or corrupt input fails.
     *
     * @throws MediaRejectedException when vips cannot decode the input
     */
    void resize(Path in, Path out, long width, long height) {
        String target = out + (out.toString().endsWith(".jpeg") ? "[Q=90,optimize-coding]" : "");
        ProcessRunner.Result r = ProcessRunner.run(List.of("vips", "thumbnail", in.toString(), target,
                Long.toString(width), "--height", Long.toString(height), "--size", "force", "--fail-on", "truncated"),
                ENVIRONMENT, timeout, PACKAGE);
        if (!r.ok()) {
            throw new MediaRejectedException("the image cannot be decoded (truncated or corrupt?): " + r.lastLine());
        }
    }
}
