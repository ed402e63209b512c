package dev.depot.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.depot.BlobInfo;
import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.MediaAttachment;
import dev.depot.MediaBusyException;
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
import java.time.Duration;
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
 * The media pipeline end to end, written once and run against each blob store (filesystem,
 * s3proxy): real vips and ffmpeg processes, the real store, records in a Depot map. Every refused upload
 * must leave no object and no record.
 *
 * <p>Long because it is the one contract both stores pass: each kind of input (formats, budgets,
 * metadata, bad input, limits, video and audio through real ffmpeg, background processing) is one
 * test here rather than one per store.
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
            return all.filter(p -> p.getFileName().toString()
                    .startsWith("depot-media-" + ProcessHandle.current().pid() + "-")).collect(Collectors.toSet());
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

    /** A short H.264/AAC clip of {@code seconds}, with a location and a title that must not reach the stored copy. */
    private Path h264Clip(String name, double seconds, String size) throws Exception {
        return TestMedia.ffmpeg(dir, name, "-f", "lavfi", "-i", "testsrc=duration=" + seconds + ":size=" + size
                        + ":rate=25", "-f", "lavfi", "-i", "sine=duration=" + seconds, "-c:v", "libx264", "-preset",
                "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-metadata", "title=SecretTitle",
                "-metadata", "location=+48.8584+002.2945/");
    }

    private Path storedFile(MediaAttachment a, Style style) throws Exception {
        MediaAttachment.Variant v = a.variants().get(style);
        return Files.write(dir.resolve("stored-" + a.id() + "-" + style.key() + v.key().substring(v.key().lastIndexOf('.'))),
                stored(a, style));
    }

    private void assertNoObjects() {
        try (Stream<BlobInfo> objects = depot.blobs().list("media_attachments/", null)) {
            assertThat(objects.toList()).isEmpty();
        }
    }

    @Test
    void h264AacMp4IsCopiedWithoutReencoding() throws Exception {
        Path clip = h264Clip("clip.mp4", 1, "160x120");

        MediaAttachment a = upload(Files.readAllBytes(clip), "clip.mov");

        assertThat(a.type()).isEqualTo(MediaType.VIDEO);
        assertThat(a.status()).isEqualTo(MediaAttachment.Status.DONE);
        assertThat(a.progress()).isEqualTo(100);
        assertThat(a.source()).isNull();
        MediaAttachment.Variant original = a.variants().get(Style.ORIGINAL);
        assertThat(original.key()).matches(KEY_PATTERN.replace("(jpeg|png)", "mp4"));
        assertThat(original.contentType()).isEqualTo("video/mp4");
        assertThat(depot.blobs().head(original.key()).orElseThrow().cacheControl())
                .isEqualTo("public, max-age=315576000, immutable");
        Path out = storedFile(a, Style.ORIGINAL);
        // The same packets: copied, not decoded and encoded again.
        assertThat(TestMedia.videoPacketsMd5(out)).isEqualTo(TestMedia.videoPacketsMd5(clip));
        assertThat(TestMedia.probe(out, "stream=codec_name")).isEqualTo(TestMedia.probe(clip, "stream=codec_name"));
        byte[] bytes = Files.readAllBytes(out);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(latin.indexOf("moov")).as("+faststart: the index before the data").isLessThan(latin.indexOf("mdat"));
        assertThat(latin).doesNotContain("SecretTitle").doesNotContain("48.8584");

        MediaAttachment.Meta meta = a.meta(Style.ORIGINAL);
        assertThat(meta.width()).isEqualTo(160);
        assertThat(meta.height()).isEqualTo(120);
        assertThat(meta.aspect()).isCloseTo(4.0 / 3, within(0.001));
        assertThat(meta.duration()).isCloseTo(1.0, within(0.1));
        assertThat(meta.frameRate()).isEqualTo(25.0);
        assertThat(meta.bitrate()).isCloseTo(Math.round(bytes.length * 8 / meta.duration()), within(1L));
        assertThat(a.variants().get(Style.SMALL).contentType()).isEqualTo("image/png");
        assertThat(a.meta(Style.SMALL)).isEqualTo(MediaAttachment.Meta.image(160, 120));
        assertThat(storedImage(a, Style.SMALL).getWidth()).isEqualTo(160);
        assertThat(a.blurhash()).hasSize(36);
        assertThat(media.get(a.id())).contains(a);
        assertThat(media.await(a.id(), Duration.ZERO)).isEqualTo(a);
    }

    @Test
    void webmQuickTimeAndOggAreTranscodedToH264Mp4() throws Exception {
        List<Path> inputs = List.of(
                TestMedia.ffmpeg(dir, "clip.webm", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=81x61:rate=10",
                        "-f", "lavfi", "-i", "sine=duration=0.5", "-c:v", "libvpx", "-c:a", "libopus", "-shortest"),
                TestMedia.ffmpeg(dir, "clip.mov", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=80x60:rate=10",
                        "-f", "lavfi", "-i", "sine=duration=0.5", "-c:v", "mjpeg", "-c:a", "pcm_s16le", "-shortest"),
                TestMedia.ffmpeg(dir, "clip.ogv", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=80x60:rate=10",
                        "-f", "lavfi", "-i", "sine=duration=0.5", "-c:v", "libtheora", "-c:a", "libvorbis",
                        "-shortest"));
        for (Path in : inputs) {
            MediaAttachment a = upload(Files.readAllBytes(in), in.getFileName().toString());
            assertThat(a.type()).as(in.toString()).isEqualTo(MediaType.VIDEO);
            assertThat(a.variants().get(Style.ORIGINAL).contentType()).isEqualTo("video/mp4");
            Path out = storedFile(a, Style.ORIGINAL);
            assertThat(TestMedia.probe(out, "stream=codec_name,pix_fmt")).as(in.toString())
                    .contains("codec_name=h264", "pix_fmt=yuv420p", "codec_name=aac");
            String latin = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
            assertThat(latin.indexOf("moov")).isLessThan(latin.indexOf("mdat"));
            // H.264 in 4:2:0 needs even sides: 81 × 61 becomes 80 × 60.
            assertThat(a.meta(Style.ORIGINAL).width()).isEqualTo(80);
            assertThat(a.meta(Style.ORIGINAL).height()).isEqualTo(60);
            assertThat(TestMedia.probe(out, "stream=width,height")).contains("width=80", "height=60");
        }
    }

    @Test
    void anMp4ThatCannotPassThroughIsTranscodedAndOneOverThePixelLimitIsRefused() throws Exception {
        // An MP4's copy and preview start while it is probed; the plan then stops them or keeps them.
        Path yuv444 = TestMedia.ffmpeg(dir, "clip444.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=80x60:rate=10",
                "-f", "lavfi", "-i", "sine=duration=0.5", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p",
                "-c:a", "aac", "-shortest");
        MediaAttachment a = upload(Files.readAllBytes(yuv444), "clip444.mp4");
        assertThat(TestMedia.probe(storedFile(a, Style.ORIGINAL), "stream=codec_name,pix_fmt"))
                .contains("codec_name=h264", "pix_fmt=yuv420p", "codec_name=aac");
        assertThat(a.meta(Style.SMALL)).isEqualTo(MediaAttachment.Meta.image(80, 60));
        assertThat(a.blurhash()).hasSize(36);
        assertThat(media.delete(a.id())).isTrue();

        MediaLibrary strict = depot.media(MediaLimits.defaults().withVideoPixels(80 * 60 - 1));
        byte[] clip = Files.readAllBytes(h264Clip("clip.mp4", 1, "80x60"));
        assertThatThrownBy(() -> strict.upload(new ByteArrayInputStream(clip), "clip.mp4", UploadOptions.defaults()))
                .isInstanceOf(MediaTooLargeException.class).hasMessageContaining("4800 pixels");
        assertNothingStored();
        // The copy and preview started beside the probe were stopped, not left running: only those have "0:a:0?" or -max_pixels.
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().arguments()
                .map(args -> List.of(args).contains("0:a:0?") || List.of(args).contains("-max_pixels")).orElse(false)))
                .isEmpty();
    }

    @Test
    void videoWithoutSoundAndAnimatedGifsBecomeGifv() throws Exception {
        Path silent = TestMedia.ffmpeg(dir, "silent.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x48:rate=10",
                "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Path gif = TestMedia.ffmpeg(dir, "loop.gif", "-f", "lavfi", "-i", "testsrc=duration=0.5:size=64x64:rate=4");
        for (Path in : List.of(silent, gif)) {
            MediaAttachment a = upload(Files.readAllBytes(in), in.getFileName().toString());
            assertThat(a.type()).as(in.toString()).isEqualTo(MediaType.GIFV);
            assertThat(a.variants().get(Style.ORIGINAL).contentType()).isEqualTo("video/mp4");
            assertThat(a.variants().get(Style.SMALL).contentType()).isEqualTo("image/png");
            String streams = TestMedia.probe(storedFile(a, Style.ORIGINAL), "stream=codec_type,codec_name");
            assertThat(streams).contains("codec_name=h264").doesNotContain("codec_type=audio");
        }
        Path large = TestMedia.ffmpeg(dir, "large.gif", "-f", "lavfi", "-i", "color=c=red:duration=0.5:size=1300x720:rate=4");
        assertThatThrownBy(() -> upload(Files.readAllBytes(large), "large.gif"))
                .isInstanceOf(MediaTooLargeException.class).hasMessageContaining("921600");
    }

    @Test
    void audioFormatsBecomeMp3() throws Exception {
        String[][] formats = {{"a.mp3", "libmp3lame"}, {"a.opus", "libopus"}, {"a.wav", "pcm_s16le"},
            {"a.flac", "flac"}, {"a.m4a", "aac"}};
        for (String[] f : formats) {
            Path in = TestMedia.ffmpeg(dir, f[0], "-f", "lavfi", "-i", "sine=duration=1", "-c:a", f[1]);
            MediaAttachment a = upload(Files.readAllBytes(in), f[0]);
            assertThat(a.type()).as(f[0]).isEqualTo(MediaType.AUDIO);
            assertThat(a.status()).isEqualTo(MediaAttachment.Status.DONE);
            assertThat(a.variants()).as(f[0]).containsOnlyKeys(Style.ORIGINAL);
            MediaAttachment.Variant v = a.variants().get(Style.ORIGINAL);
            assertThat(v.contentType()).isEqualTo("audio/mpeg");
            assertThat(v.key()).endsWith(".mp3");
            assertThat(TestMedia.probe(storedFile(a, Style.ORIGINAL), "stream=codec_name")).isEqualTo("codec_name=mp3\n");
            assertThat(a.meta(Style.ORIGINAL).duration()).as(f[0]).isCloseTo(1.0, within(0.15));
            assertThat(a.meta(Style.ORIGINAL).bitrate()).isPositive();
            assertThat(a.meta(Style.ORIGINAL).width()).isNull();
            assertThat(a.blurhash()).isNull();
        }
    }

    @Test
    void embeddedCoverArtBecomesTheSmallStyle() throws Exception {
        Path cover = Files.write(dir.resolve("cover.png"), TestMedia.encode(TestMedia.picture(900, 900,
                java.awt.image.BufferedImage.TYPE_INT_RGB), "png"));
        Path song = TestMedia.ffmpeg(dir, "song.mp3", "-f", "lavfi", "-i", "sine=duration=1", "-i", cover.toString(),
                "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic");

        MediaAttachment a = upload(Files.readAllBytes(song), "song.mp3");

        assertThat(a.type()).isEqualTo(MediaType.AUDIO);
        assertThat(a.variants()).containsOnlyKeys(Style.ORIGINAL, Style.SMALL);
        assertThat(a.meta(Style.SMALL)).isEqualTo(MediaAttachment.Meta.image(640, 640));
        assertThat(storedImage(a, Style.SMALL).getWidth()).isEqualTo(640);
        assertThat(a.blurhash()).hasSize(36);
        assertThat(TestMedia.probe(storedFile(a, Style.ORIGINAL), "stream=codec_type")).isEqualTo("codec_type=audio\n");
    }

    @Test
    void corruptVideoIsRefusedAndNothingStays() throws Exception {
        byte[] clip = Files.readAllBytes(h264Clip("clip.mp4", 1, "160x120"));
        byte[] garbage = clip.clone();
        for (int i = 40; i < garbage.length; i++) { // the file type box stays, so it is still sniffed as MP4
            garbage[i] = (byte) (garbage[i] * 31 + 7);
        }
        assertThatThrownBy(() -> upload(garbage, "garbage.mp4")).isInstanceOf(MediaRejectedException.class)
                .isNotInstanceOf(UnsupportedMediaException.class).hasMessageContaining("ffprobe");
        assertThatThrownBy(() -> upload(scrambledPackets(clip), "scrambled.mp4")).isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("ffmpeg");
        assertNothingStored();
    }

    /** The clip with its header intact and its packets scrambled: ffprobe reads it, ffmpeg cannot decode it. */
    private static byte[] scrambledPackets(byte[] clip) {
        byte[] out = clip.clone();
        int mdat = new String(clip, StandardCharsets.ISO_8859_1).indexOf("mdat");
        for (int i = mdat + 8; i < Math.min(out.length, mdat + 8 + 20_000); i++) {
            out[i] = (byte) (out[i] * 31 + 7);
        }
        return out;
    }

    @Test
    void aTenHourDurationDeclaredInTheHeaderIsRefusedBeforeDecoding() throws Exception {
        // Two frames ten hours apart: a few kilobytes whose header declares 36,000 s.
        Path mp4 = TestMedia.ffmpeg(dir, "long.mp4", "-f", "lavfi", "-i", "testsrc=duration=2:size=64x48:rate=1",
                "-vf", "setpts=PTS*36100", "-fps_mode", "passthrough", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Path webm = TestMedia.ffmpeg(dir, "long.webm", "-f", "lavfi", "-i", "testsrc=duration=2:size=64x48:rate=1",
                "-vf", "setpts=PTS*36100", "-fps_mode", "passthrough", "-c:v", "libvpx");
        for (Path in : List.of(mp4, webm)) {
            assertThat(TestMedia.probe(in, "format=duration")).startsWith("duration=361");
            long start = System.nanoTime();
            assertThatThrownBy(() -> upload(Files.readAllBytes(in), in.getFileName().toString()))
                    .isInstanceOf(MediaTooLargeException.class).hasMessageContaining("36000 frames");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }
        assertNothingStored();
    }

    @Test
    void largeVideoIsProcessedInTheBackgroundWithProgress() throws Exception {
        MediaLibrary background = depot.media(MediaLimits.defaults().withBackgroundBytes(0));
        Path in = TestMedia.ffmpeg(dir, "long.webm", "-f", "lavfi", "-i", "testsrc=duration=8:size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=duration=8", "-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus",
                "-shortest");

        MediaAttachment queued = background.upload(Files.newInputStream(in), "long.webm", UploadOptions.defaults());
        media.attach(queued.id(), "status:7"); // while it waits: the finished record keeps it

        assertThat(queued.status()).isEqualTo(MediaAttachment.Status.QUEUED);
        assertThat(queued.type()).isEqualTo(MediaType.VIDEO);
        assertThat(queued.variants()).isEmpty();
        assertThat(queued.source().contentType()).isEqualTo("video/webm");
        String source = queued.source().key();
        BlobInfo kept = depot.blobs().head(source).orElseThrow();
        assertThat(kept.publicAccess()).as("the upload as received is private").isFalse();
        assertThat(kept.size()).isEqualTo(Files.size(in));
        List<MediaAttachment> seen = new java.util.ArrayList<>();
        for (MediaAttachment now = queued; now.status() != MediaAttachment.Status.DONE
                && now.status() != MediaAttachment.Status.FAILED; now = media.get(queued.id()).orElseThrow()) {
            seen.add(now);
            Thread.sleep(10);
        }
        assertThat(seen).anyMatch(a -> a.status() == MediaAttachment.Status.PROCESSING && a.progress() < 100);
        List<Integer> percents = seen.stream().map(MediaAttachment::progress).toList();
        assertThat(percents).isSorted();

        MediaAttachment done = background.await(queued.id(), Duration.ofMinutes(2));
        assertThat(done.status()).isEqualTo(MediaAttachment.Status.DONE);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.owner()).isEqualTo("status:7");
        assertThat(done.source()).isNull();
        assertThat(depot.blobs().head(source)).as("the upload goes once processed").isEmpty();
        assertThat(TestMedia.probe(storedFile(done, Style.ORIGINAL), "stream=codec_name"))
                .contains("codec_name=h264", "codec_name=aac");
        assertThat(done.meta(Style.ORIGINAL).duration()).isCloseTo(8.0, within(0.2));
        assertThat(media.get(done.id())).contains(done);
    }

    /** At the default limits: a video over 8 MiB comes back QUEUED (the clip above, 1 s, came back DONE). */
    @Test
    void aVideoOverEightMibGoesToTheBackgroundAtTheDefaults() throws Exception {
        Path in = TestMedia.ffmpeg(dir, "big.mp4", "-f", "lavfi", "-i", "testsrc2=duration=7:size=640x480:rate=25", "-f",
                "lavfi", "-i", "sine=duration=7", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-b:v", "12M", "-minrate", "12M", "-maxrate", "12M", "-bufsize", "2M", "-x264-params", "nal-hrd=cbr",
                "-c:a", "aac", "-shortest");
        assertThat(Files.size(in)).isGreaterThan(MediaLimits.defaults().backgroundBytes());

        MediaAttachment queued = media.upload(Files.newInputStream(in), "big.mp4", UploadOptions.defaults());

        assertThat(queued.status()).isEqualTo(MediaAttachment.Status.QUEUED);
        MediaAttachment done = media.await(queued.id(), Duration.ofMinutes(2));
        assertThat(done.status()).isEqualTo(MediaAttachment.Status.DONE);
        assertThat(done.type()).isEqualTo(MediaType.VIDEO);
        assertThat(TestMedia.videoPacketsMd5(storedFile(done, Style.ORIGINAL))).isEqualTo(TestMedia.videoPacketsMd5(in));
    }

    @Test
    void anUploadDeletedWhileItIsProcessedLeavesNothing() throws Exception {
        MediaLibrary background = depot.media(MediaLimits.defaults().withBackgroundBytes(0));
        Path in = TestMedia.ffmpeg(dir, "gone.webm", "-f", "lavfi", "-i", "testsrc=duration=4:size=320x240:rate=25",
                "-c:v", "libvpx", "-deadline", "realtime");
        MediaAttachment queued = background.upload(Files.newInputStream(in), "gone.webm", UploadOptions.defaults());

        assertThat(background.delete(queued.id())).isTrue();

        // await waits for this process's job to end, then finds no record.
        assertThatThrownBy(() -> background.await(queued.id(), Duration.ofMinutes(2)))
                .isInstanceOf(NoSuchElementException.class);
        assertNothingStored();
    }

    @Test
    void aBackgroundUploadFfmpegCannotReadEndsFailedWithNothingStored() throws Exception {
        MediaLibrary background = depot.media(MediaLimits.defaults().withBackgroundBytes(0));
        byte[] scrambled = scrambledPackets(Files.readAllBytes(h264Clip("clip.mp4", 1, "160x120")));

        MediaAttachment queued = background.upload(new ByteArrayInputStream(scrambled), "bad.mp4", UploadOptions.defaults());
        MediaAttachment failed = background.await(queued.id(), Duration.ofMinutes(1));

        assertThat(failed.status()).isEqualTo(MediaAttachment.Status.FAILED);
        assertThat(failed.failure()).contains("ffmpeg");
        assertThat(failed.variants()).isEmpty();
        assertThat(failed.source()).isNull();
        assertNoObjects();
        assertThat(media.delete(failed.id())).isTrue();
        assertNothingStored();
    }

    @Test
    void aFullQueueRefusesTheUploadAndStoresNothingOfIt() throws Exception {
        MediaLibrary one = depot.media(MediaLimits.defaults().withBackgroundBytes(0).withWorkers(1, 0));
        Path in = TestMedia.ffmpeg(dir, "busy.webm", "-f", "lavfi", "-i", "testsrc=duration=8:size=320x240:rate=25",
                "-c:v", "libvpx", "-deadline", "realtime");
        MediaAttachment first = one.upload(Files.newInputStream(in), "busy.webm", UploadOptions.defaults());

        assertThatThrownBy(() -> one.upload(Files.newInputStream(in), "second.webm", UploadOptions.defaults()))
                .isInstanceOf(MediaBusyException.class).hasMessageContaining("busy");

        assertThat(one.await(first.id(), Duration.ofMinutes(2)).status()).isEqualTo(MediaAttachment.Status.DONE);
        assertThat(depot.map("media_attachments", Codec.LONG, Codec.json(MediaAttachment.class)).keySet())
                .containsExactly(first.id());
        try (Stream<BlobInfo> objects = depot.blobs().list("media_attachments/", null)) {
            assertThat(objects.map(BlobInfo::key).toList())
                    .containsExactlyInAnyOrderElementsOf(media.get(first.id()).orElseThrow().keys());
        }
    }

    @Test
    void awaitAnswersAtOnceForADoneUploadAndRefusesAnUnknownId() {
        MediaAttachment a = upload(TestMedia.png(16, 16), "a.png");
        assertThat(media.await(a.id(), Duration.ofSeconds(5))).isEqualTo(a);
        assertThatThrownBy(() -> media.await(a.id() + 1, Duration.ofMillis(10)))
                .isInstanceOf(NoSuchElementException.class);
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
