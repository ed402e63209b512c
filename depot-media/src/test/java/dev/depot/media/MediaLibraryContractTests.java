package dev.depot.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobInfo;
import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.MediaRejectedException;
import dev.depot.MediaTooLargeException;
import dev.depot.MediaType;
import dev.depot.Style;
import dev.depot.UnsupportedMediaException;
import dev.depot.UploadOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image pipeline end to end, written once and run against each blob store (filesystem,
 * s3proxy): real vips processes, the real store, records in a Depot map. Every refused upload
 * must leave no object and no record.
 *
 * <p>Long because it is the one contract both stores pass: each kind of input (formats, budgets,
 * metadata, bad input, limits) is one test here rather than one per store.
 */
abstract class MediaLibraryContractTests {
    static final String KEY_PATTERN = "media_attachments/files/\\d{3}(/\\d{3}){5}/(original|small)/[0-9a-f]{16}\\.(jpeg|png)";

    @TempDir
    Path dir;

    Depot depot;
    MediaLibrary media;

    /** A Depot over the blob store under test, with its session folder in {@code dir}. */
    abstract Depot openDepot(Path dir);

    private Set<Path> workFoldersBefore;

    @BeforeEach
    void open() throws Exception {
        depot = openDepot(dir);
        media = depot.media();
        workFoldersBefore = workFolders();
    }

    @AfterEach
    void close() throws Exception {
        depot.close();
        assertThat(workFolders()).as("temporary folders of uploads are removed").isSubsetOf(workFoldersBefore);
    }

    private static Set<Path> workFolders() throws Exception {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("depot-media-")).collect(Collectors.toSet());
        }
    }

    private MediaAttachment upload(byte[] bytes, String name) {
        return media.upload(new ByteArrayInputStream(bytes), name, UploadOptions.defaults());
    }

    private byte[] stored(MediaAttachment a, Style style) throws Exception {
        try (InputStream in = depot.blobs().open(a.variants().get(style).key())) {
            return in.readAllBytes();
        }
    }

    private BufferedImage storedImage(MediaAttachment a, Style style) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(stored(a, style)));
    }

    private void assertNothingStored() {
        try (Stream<BlobInfo> objects = depot.blobs().list("media_attachments/", null)) {
            assertThat(objects.toList()).isEmpty();
        }
        assertThat(depot.map("media_attachments", Codec.LONG, Codec.json(MediaAttachment.class))).isEmpty();
    }

    @Test
    void jpegBecomesTwoStylesAndARecord() throws Exception {
        MediaAttachment a = media.upload(new ByteArrayInputStream(TestMedia.jpeg(1200, 900)), "IMG_0001.JPG",
                UploadOptions.description("a gradient").withFocus(new MediaAttachment.Focus(0.5, -0.25)));

        assertThat(a.type()).isEqualTo(MediaType.IMAGE);
        assertThat(a.status()).isEqualTo(MediaAttachment.Status.DONE);
        assertThat(a.fileName()).isEqualTo("IMG_0001.JPG");
        assertThat(a.description()).isEqualTo("a gradient");
        assertThat(a.focus()).isEqualTo(new MediaAttachment.Focus(0.5, -0.25));
        assertThat(a.blurhash()).hasSize(36).startsWith("U");
        assertThat(a.variants()).containsOnlyKeys(Style.ORIGINAL, Style.SMALL);
        assertThat(a.meta(Style.ORIGINAL)).isEqualTo(MediaAttachment.Meta.image(1200, 900));
        // 1200 × 900 is within the original budget; small: round(√(230400·4/3)) × round(√(230400·3/4))
        assertThat(a.meta(Style.SMALL)).isEqualTo(MediaAttachment.Meta.image(554, 416));
        for (Style style : Style.values()) {
            MediaAttachment.Variant v = a.variants().get(style);
            assertThat(v.key()).matches(KEY_PATTERN).contains("/" + style.key() + "/").endsWith(".jpeg");
            BlobInfo info = depot.blobs().head(v.key()).orElseThrow();
            assertThat(info.contentType()).isEqualTo("image/jpeg");
            assertThat(info.cacheControl()).isEqualTo("public, max-age=315576000, immutable");
            assertThat(info.publicAccess()).isTrue();
            assertThat(info.size()).isEqualTo(v.bytes());
            assertThat(v.url()).isEqualTo(depot.blobs().url(v.key()));
            BufferedImage img = storedImage(a, style);
            assertThat(img.getWidth()).isEqualTo(v.meta().width());
            assertThat(img.getHeight()).isEqualTo(v.meta().height());
        }
        String partition = a.variants().get(Style.ORIGINAL).key().split("/original/")[0];
        assertThat(partition.replace("media_attachments/files/", "").replace("/", ""))
                .isEqualTo(String.format("%018d", a.id()));
        assertThat(a.storedBytes()).isEqualTo(a.storedBytes(Style.ORIGINAL) + a.storedBytes(Style.SMALL));
        assertThat(media.get(a.id())).contains(a);
    }

    @Test
    void aLargeImageIsScaledToEachPixelBudget() throws Exception {
        MediaAttachment a = upload(TestMedia.jpeg(4000, 3000), "big.jpg");
        // round(√(8294400·4/3)) × round(√(8294400·3/4)) and round(√(230400·4/3)) × round(√(230400·3/4))
        assertThat(a.meta(Style.ORIGINAL)).isEqualTo(MediaAttachment.Meta.image(3326, 2494));
        assertThat(a.meta(Style.SMALL)).isEqualTo(MediaAttachment.Meta.image(554, 416));
        BufferedImage original = storedImage(a, Style.ORIGINAL);
        assertThat(original.getWidth() * original.getHeight()).isLessThanOrEqualTo(8_294_400 + 3326 + 2494);
    }

    @Test
    void pngWithinBothBudgetsKeepsItsSizeAndFormat() throws Exception {
        MediaAttachment a = upload(TestMedia.png(300, 200), "icon.png");
        for (Style style : Style.values()) {
            assertThat(a.meta(style)).isEqualTo(MediaAttachment.Meta.image(300, 200));
            assertThat(a.variants().get(style).contentType()).isEqualTo("image/png");
            assertThat(a.variants().get(style).key()).endsWith(".png");
            assertThat(storedImage(a, style).getColorModel().hasAlpha()).isTrue();
        }
    }

    @Test
    void orientationIsAppliedAndOnlyTheColourProfileSurvives() throws Exception {
        Path photo = Files.write(dir.resolve("phone.jpg"), TestMedia.jpeg(400, 300));
        Path icc = TestMedia.iccFile(dir);
        TestMedia.run(dir, "exiftool", "-q", "-overwrite_original", "-Orientation#=6", "-GPSLatitude=48.8584",
                "-GPSLatitudeRef=N", "-GPSLongitude=2.2945", "-GPSLongitudeRef=E", "-Make=DepotCam",
                "-XMP-dc:Creator=Someone", "-icc_profile<=" + icc, photo.toString());
        assertThat(TestMedia.run(dir, "exiftool", "-s", "-GPSLatitude", photo.toString())).contains("48");

        MediaAttachment a = upload(Files.readAllBytes(photo), "phone.jpg");

        assertThat(a.meta(Style.ORIGINAL)).isEqualTo(MediaAttachment.Meta.image(300, 400));
        for (Style style : Style.values()) {
            byte[] out = stored(a, style);
            List<String> segments = TestMedia.jpegSegments(out);
            assertThat(segments).contains("FFE2 ICC_PROFILE").noneMatch(s -> s.startsWith("FFE1") || s.startsWith("FFFE")
                    || s.startsWith("FFED"));
            Path file = Files.write(dir.resolve("out-" + style.key() + ".jpg"), out);
            String tags = TestMedia.run(dir, "exiftool", "-a", "-G1", "-s", file.toString());
            assertThat(tags).doesNotContain("GPS").doesNotContain("DepotCam").doesNotContain("Someone")
                    .doesNotContain("Orientation").contains("ProfileDescription");
        }
    }

    @Test
    void heicAndAvifBecomeJpeg() throws Exception {
        Path png = Files.write(dir.resolve("src.png"), TestMedia.encode(TestMedia.picture(320, 240,
                BufferedImage.TYPE_INT_RGB), "png"));
        for (String ext : List.of("heic", "avif")) {
            Path converted = dir.resolve("photo." + ext);
            TestMedia.run(dir, "vips", "copy", png.toString(), converted.toString());
            MediaAttachment a = upload(Files.readAllBytes(converted), "photo." + ext);
            assertThat(a.variants().get(Style.ORIGINAL).contentType()).isEqualTo("image/jpeg");
            assertThat(a.variants().get(Style.ORIGINAL).key()).endsWith(".jpeg");
            assertThat(storedImage(a, Style.ORIGINAL).getWidth()).isEqualTo(320);
        }
    }

    @Test
    void webpAndStaticGifAreStoredAsJpegOrPng() throws Exception {
        Path png = Files.write(dir.resolve("src.png"), TestMedia.encode(TestMedia.picture(200, 100,
                BufferedImage.TYPE_INT_RGB), "png"));
        Path webp = dir.resolve("photo.webp");
        TestMedia.run(dir, "vips", "copy", png.toString(), webp.toString());
        MediaAttachment opaque = upload(Files.readAllBytes(webp), "photo.webp");
        assertThat(opaque.variants().get(Style.ORIGINAL).contentType()).isEqualTo("image/jpeg");

        Path alphaPng = Files.write(dir.resolve("alpha.png"), TestMedia.png(200, 100));
        Path alphaWebp = dir.resolve("alpha.webp");
        TestMedia.run(dir, "vips", "copy", alphaPng.toString(), alphaWebp.toString());
        MediaAttachment alpha = upload(Files.readAllBytes(alphaWebp), "alpha.webp");
        assertThat(alpha.variants().get(Style.ORIGINAL).contentType()).isEqualTo("image/png");

        MediaAttachment gif = upload(TestMedia.encode(TestMedia.picture(120, 80, BufferedImage.TYPE_INT_RGB), "gif"),
                "still.gif");
        assertThat(gif.variants().get(Style.SMALL).contentType()).isEqualTo("image/png");
        assertThat(gif.meta(Style.SMALL)).isEqualTo(MediaAttachment.Meta.image(120, 80));
    }

    @Test
    void animatedGifsWaitForTheVideoPipelineAndAreLimitedFirst() throws Exception {
        Path small = dir.resolve("loop.gif");
        TestMedia.run(dir, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x64:rate=4",
                small.toString());
        assertThatThrownBy(() -> upload(Files.readAllBytes(small), "loop.gif"))
                .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("animated GIF");
        Path large = dir.resolve("large.gif");
        TestMedia.run(dir, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=red:duration=0.5:size=1300x720:rate=4",
                large.toString());
        assertThatThrownBy(() -> upload(Files.readAllBytes(large), "large.gif"))
                .isInstanceOf(MediaTooLargeException.class).hasMessageContaining("921600");
        assertNothingStored();
    }

    @Test
    void aSpoofedExtensionIsJudgedByContent() {
        MediaAttachment png = upload(TestMedia.png(64, 48), "holiday.jpg");
        assertThat(png.variants().get(Style.ORIGINAL).contentType()).isEqualTo("image/png");
        assertThat(png.fileName()).isEqualTo("holiday.jpg");
        media.delete(png.id());

        byte[] script = "#!/bin/sh\necho hello\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> upload(script, "cat.png")).isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("cat.png").hasMessageContaining("not accepted");
        byte[] pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> upload(pdf, "scan.jpeg")).isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("application/pdf");
        assertNothingStored();
    }

    @Test
    void anEmptyUploadIsRefused() {
        assertThatThrownBy(() -> upload(new byte[0], "empty.jpg")).isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("empty");
        assertNothingStored();
    }

    @Test
    void aTruncatedJpegIsRefusedAndNothingStays() {
        byte[] jpeg = TestMedia.jpeg(800, 600);
        byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> upload(half, "half.jpg")).isInstanceOf(MediaRejectedException.class)
                .isNotInstanceOf(UnsupportedMediaException.class).hasMessageContaining("decoded");
        assertNothingStored();
    }

    @Test
    void aCorruptPngIsRefusedAndNothingStays() {
        byte[] png = TestMedia.png(300, 200);
        byte[] corrupt = png.clone();
        for (int i = 60; i < corrupt.length - 20; i++) { // keep the signature and IHDR, scramble the pixels
            corrupt[i] = (byte) (corrupt[i] * 31 + 7);
        }
        assertThatThrownBy(() -> upload(corrupt, "broken.png")).isInstanceOf(MediaRejectedException.class)
                .isNotInstanceOf(UnsupportedMediaException.class);
        assertNothingStored();
    }

    /** Through vips and the thumbnail's PNG: black gives the reference's all-black hash. */
    @Test
    void blurhashOfABlackImageIsTheReferenceOne() {
        MediaAttachment a = upload(TestMedia.encode(new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB), "png"),
                "black.png");
        assertThat(a.blurhash()).isEqualTo("U00000" + "fQ".repeat(15));
    }

    /** A gray PNG is read as its sample values, not brightened as AWT's linear gray would be. */
    @Test
    void grayAndRgbOfTheSameShadeHashAlike() {
        BufferedImage gray = new BufferedImage(160, 120, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                gray.getRaster().setSample(x, y, 0, 100);
                rgb.setRGB(x, y, 0x646464);
            }
        }
        String fromGray = upload(TestMedia.encode(gray, "png"), "gray.png").blurhash();
        String fromRgb = upload(TestMedia.encode(rgb, "png"), "rgb.png").blurhash();
        assertThat(fromGray).isEqualTo(fromRgb);
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() {
        byte[] bomb = TestMedia.bombPng();
        assertThat(bomb.length).isLessThan(100_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> upload(bomb, "bomb.png")).isInstanceOf(MediaTooLargeException.class)
                .hasMessageContaining("8000 x 8000").hasMessageContaining("33177600");
        // Decoding 64 megapixels and resizing them takes seconds; reading a header does not.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertNothingStored();
    }

    @Test
    void anUploadOverItsByteLimitIsRefused() {
        MediaLibrary strict = depot.media(MediaLimits.defaults().withImageBytes(2_000));
        byte[] jpeg = TestMedia.jpeg(600, 400);
        assertThat(jpeg.length).isGreaterThan(2_000);
        assertThatThrownBy(() -> strict.upload(new ByteArrayInputStream(jpeg), "x.jpg", UploadOptions.defaults()))
                .isInstanceOf(MediaTooLargeException.class).hasMessageContaining("2000 bytes");
        assertNothingStored();
    }

    @Test
    void videoIsRecognisedButNotProcessedYet() throws Exception {
        Path mp4 = dir.resolve("clip.mp4");
        TestMedia.run(dir, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10",
                "-pix_fmt", "yuv420p", mp4.toString());
        assertThatThrownBy(() -> upload(Files.readAllBytes(mp4), "clip.gif")).isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("video/").hasMessageContaining("not processed yet");
        assertNothingStored();
    }

    @Test
    void fileNamesAreKeptForDisplayOnly() {
        MediaAttachment a = upload(TestMedia.png(16, 16), "../../etc/passwd.png");
        assertThat(a.fileName()).isEqualTo("passwd.png");
        assertThat(a.variants().get(Style.ORIGINAL).key()).matches(KEY_PATTERN);
        media.delete(a.id());
        assertThatThrownBy(() -> upload(TestMedia.png(16, 16), "evil\u0000.png"))
                .isInstanceOf(MediaRejectedException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> upload(TestMedia.png(16, 16), "line\nbreak.png"))
                .isInstanceOf(MediaRejectedException.class);
        assertNothingStored();
    }

    @Test
    void attachRecordsTheOwner() {
        MediaAttachment a = upload(TestMedia.png(16, 16), "a.png");
        assertThat(a.owner()).isNull();
        assertThat(media.attach(a.id(), "status:42").owner()).isEqualTo("status:42");
        assertThat(media.get(a.id()).orElseThrow().owner()).isEqualTo("status:42");
        assertThatThrownBy(() -> media.attach(a.id() + 1, "status:42")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void deleteRemovesEveryStyleAndTheRecord() {
        MediaAttachment keep = upload(TestMedia.png(32, 32), "keep.png");
        MediaAttachment gone = upload(TestMedia.jpeg(900, 700), "gone.jpg");
        assertThat(media.delete(gone.id())).isTrue();
        for (MediaAttachment.Variant v : gone.variants().values()) {
            assertThat(depot.blobs().head(v.key())).isEmpty();
        }
        assertThat(media.get(gone.id())).isEmpty();
        assertThat(media.delete(gone.id())).isFalse();
        for (MediaAttachment.Variant v : keep.variants().values()) {
            assertThat(depot.blobs().head(v.key())).isPresent();
        }
    }

    @Test
    void idsIncreaseWithTime() {
        long first = upload(TestMedia.png(8, 8), "1.png").id();
        long second = upload(TestMedia.png(8, 8), "2.png").id();
        assertThat(second).isGreaterThan(first);
        assertThat(first >>> 16).isLessThanOrEqualTo(System.currentTimeMillis());
    }
}
