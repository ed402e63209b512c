package dev.depot.media.internal;

import dev.depot.DepotException;
import dev.depot.MediaAttachment;
import dev.depot.MediaLimits;
import dev.depot.MediaTooLargeException;
import dev.depot.MediaType;
import dev.depot.Style;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Turns a sniffed image file into its styles: checks its pixels from the header, then has vips
 * turn it upright and scale it to each style's pixel budget, strips every metadata but the ICC
 * profile, and computes the blurhash of a 100-pixel-wide thumbnail. JPEG, HEIC/HEIF, AVIF and
 * opaque WebP become JPEG at quality 90; PNG, static GIF and WebP with alpha become PNG.
 * Thread-safe: each call works in the folder it is given.
 */
final class ImagePipeline {
    /** Width of the thumbnail the blurhash is computed on, as Mastodon. */
    static final int BLURHASH_WIDTH = 100;
    static final int BLURHASH_COMPONENTS = 4;

    /** One processed style: its file, type and measurements. */
    record Output(Style style, Path file, String contentType, String extension, MediaAttachment.Meta meta) {}

    /** What the upload turned out to be, every style, and the blurhash (null when there is no picture). */
    record Processed(MediaType type, List<Output> outputs, String blurhash) {}

    private final Vips vips;
    private final MediaLimits limits;

    ImagePipeline(MediaLimits limits) {
        this.vips = new Vips(limits.processTimeout());
        this.limits = limits;
    }

    /**
     * The header of the image {@code in}, read without decoding it.
     *
     * @throws dev.depot.MediaRejectedException when vips cannot read it
     */
    Vips.Header header(Path in) {
        return vips.header(in);
    }

    /**
     * Whether the image is an animated GIF, which becomes a GIFV through the video pipeline.
     *
     * @throws MediaTooLargeException when it is one and its frames are over {@link MediaLimits#animatedGifPixels()}
     */
    boolean animatedGif(String type, Vips.Header header) {
        if (!type.equals("image/gif") || header.pages() <= 1) {
            return false;
        }
        long pixels = header.width() * header.height();
        if (pixels > limits.animatedGifPixels()) {
            throw new MediaTooLargeException("the animated GIF is " + header.width() + " x " + header.height() + " = "
                    + pixels + " pixels, over the limit of " + limits.animatedGifPixels());
        }
        return true;
    }

    /**
     * @param in     the upload, its extension that of its sniffed type
     * @param type   the sniffed MIME type
     * @param header its {@link #header}
     * @param work   a private folder for the outputs
     * @throws MediaTooLargeException    when its header declares more pixels than the limits allow
     * @throws dev.depot.MediaRejectedException when vips cannot decode it
     */
    Processed process(Path in, String type, Vips.Header header, Path work) {
        long pixels = header.width() * header.height();
        if (pixels > limits.imagePixels()) {
            throw new MediaTooLargeException("the image is " + header.width() + " x " + header.height() + " = " + pixels
                    + " pixels, over the limit of " + limits.imagePixels());
        }
        boolean png = type.equals("image/png") || type.equals("image/gif")
                || (type.equals("image/webp") && header.hasAlpha());
        String extension = png ? "png" : "jpeg";
        String contentType = png ? "image/png" : "image/jpeg";

        List<Output> outputs = new ArrayList<>();
        Path source = in;
        long width = header.uprightWidth();
        long height = header.uprightHeight();
        long[] size = {width, height};
        for (Style style : Style.values()) {
            size = fit(width, height, style.pixelBudget()); // from the upload's size, as Mastodon
            Path raw = work.resolve(style.key() + "-vips." + extension);
            Path out = work.resolve(style.key() + "." + extension);
            vips.resize(source, raw, size[0], size[1]);
            MetadataStripper.strip(raw, out);
            outputs.add(new Output(style, out, contentType, extension,
                    MediaAttachment.Meta.image((int) size[0], (int) size[1])));
            // Each smaller style is read from the one before: upright already, and far fewer pixels.
            source = out;
        }
        return new Processed(MediaType.IMAGE, outputs, blurhashOf(source, size[0], size[1], work));
    }

    /** The blurhash of the {@code width} × {@code height} picture {@code picture}, from a 100-pixel-wide thumbnail. */
    String blurhashOf(Path picture, long width, long height, Path work) {
        Path thumb = work.resolve("blurhash.png");
        vips.resize(picture, thumb, BLURHASH_WIDTH, Math.max(1, Math.min(10 * BLURHASH_WIDTH,
                Math.round((double) BLURHASH_WIDTH * height / width))));
        return blurhash(thumb);
    }

    /**
     * The size of a {@code width} × {@code height} image in a budget of {@code budget} pixels:
     * unchanged within it, else round(√(P·W/H)) × round(√(P·H/W)), as Mastodon.
     */
    static long[] fit(long width, long height, long budget) {
        if (width * height <= budget) {
            return new long[] {width, height};
        }
        return new long[] {Math.max(1, Math.round(Math.sqrt((double) budget * width / height))),
                Math.max(1, Math.round(Math.sqrt((double) budget * height / width)))};
    }

    /** The 4 × 4 blurhash of a PNG, reading its samples directly (no colour conversion by AWT). */
    static String blurhash(Path png) {
        BufferedImage image;
        try {
            image = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new DepotException("cannot read the blurhash thumbnail: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DepotException("the blurhash thumbnail is not a PNG ImageIO reads");
        }
        return Blurhash.encode(image.getWidth(), image.getHeight(), rgb(image), BLURHASH_COMPONENTS, BLURHASH_COMPONENTS);
    }

    /**
     * The pixels as {@code 0xRRGGBB}. Gray and 16-bit samples are read from the raster: AWT's
     * {@code getRGB} treats gray as linear and would brighten it.
     */
    static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[w * h];
        if (image.getColorModel() instanceof IndexColorModel) {
            image.getRGB(0, 0, w, h, out, 0, w);
            return out;
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int shift = raster.getSampleModel().getSampleSize(0) - 8;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = raster.getSample(x, y, 0) >> shift;
                int g = bands >= 3 ? raster.getSample(x, y, 1) >> shift : r;
                int b = bands >= 3 ? raster.getSample(x, y, 2) >> shift : r;
                out[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }
}
