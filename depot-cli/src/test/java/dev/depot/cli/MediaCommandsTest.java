package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MediaAttachment;
import dev.depot.MediaLimits;
import dev.depot.RemoteMediaOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * depot media upload, show, usage, remove, remove-unattached, remove-orphans and refresh on a real SQLite file and
 * folder. Integration: uploads run vips and ffmpeg processes.
 */
@org.junit.jupiter.api.Tag("integration")
class MediaCommandsTest {
    /** A media key of an upload from 2001, long past any grace period. */
    static final String STRAY = "media_attachments/files/065/536/000/000/000/000/original/00000000000000aa.jpeg";

    @TempDir
    Path dir;

    String url;
    String blobUrl;

    @BeforeEach
    void setUp() {
        url = Cli.storeUrl(dir);
        blobUrl = "file:" + dir.resolve("media");
    }

    private Cli.Result media(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", url, "media", "--blob-url", blobUrl));
        all.addAll(List.of(args));
        return Cli.run(Map.of(), all.toArray(String[]::new));
    }

    static byte[] jpeg(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.ORANGE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    private Depot depot() {
        return Depot.open(DepotConfig.builder().url(url).blobUrl(blobUrl).sharedAccess(true).build());
    }

    @Test
    void uploadPrintsTheIdAndShowPrintsTheRecord() throws Exception {
        Path photo = Files.write(dir.resolve("photo.jpg"), jpeg(800, 600));

        Cli.Result upload = media("upload", photo.toString(), "--description", "a ball");
        assertThat(upload.exitCode()).as(upload.all()).isZero();
        long id = Long.parseLong(upload.out().strip());

        Cli.Result show = media("show", Long.toString(id));
        assertThat(show.exitCode()).as(show.all()).isZero();
        assertThat(show.out()).contains("\"status\" : \"DONE\"", "\"description\" : \"a ball\"",
                "\"fileName\" : \"photo.jpg\"", "/original/", "/small/");
        try (Depot d = depot()) {
            MediaAttachment a = d.media().get(id).orElseThrow();
            assertThat(a.variants().values()).allSatisfy(v -> assertThat(d.blobs().head(v.key())).isPresent());
        }
        assertThat(media("show", "42").exitCode()).isEqualTo(1);
    }

    @Test
    void aBackgroundUploadIsWaitedForUntilItIsProcessed() throws Exception {
        // Over MediaLimits' 8 MiB background threshold (lossless noise) and 4:4:4, so it is transcoded.
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                "-i", "testsrc2=size=320x240:rate=30,noise=alls=40:allf=t", "-t", "2", "-c:v", "libx264",
                "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv444p", "clip.mp4")
                .directory(dir.toFile()).inheritIO().start();
        assertThat(ffmpeg.waitFor()).isZero();
        assertThat(Files.size(dir.resolve("clip.mp4"))).isGreaterThan(MediaLimits.defaults().backgroundBytes());

        Cli.Result upload = media("upload", dir.resolve("clip.mp4").toString());
        assertThat(upload.exitCode()).as(upload.all()).isZero();
        assertThat(upload.err()).contains("processing ");
        long id = Long.parseLong(upload.out().strip());
        try (Depot d = depot()) {
            MediaAttachment a = d.media().get(id).orElseThrow();
            assertThat(a.status()).isEqualTo(MediaAttachment.Status.DONE);
            assertThat(a.source()).isNull();
            assertThat(a.variants().values()).allSatisfy(v -> assertThat(d.blobs().head(v.key())).isPresent());
        }
    }

    @Test
    void aRefusedUploadExitsTwoAndStoresNothing() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jpg"), "just text, named like a picture");

        Cli.Result refused = media("upload", text.toString());
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        assertThat(refused.err()).contains("depot media upload:").contains("not accepted");
        assertThat(media("upload", dir.resolve("missing.jpg").toString()).exitCode()).isEqualTo(2);
        assertThat(dir.resolve("media")).doesNotExist();
    }

    @Test
    void removeOrphansReportsThenAppliesAndUsageNamesTheDifference() throws Exception {
        Path photo = Files.write(dir.resolve("photo.jpg"), jpeg(400, 300));
        assertThat(media("upload", photo.toString()).exitCode()).isZero();
        try (Depot d = depot()) {
            BlobStore blobs = d.blobs();
            blobs.put(STRAY, new ByteArrayInputStream(new byte[1234]), 1234, BlobOptions.publicRead());
        }

        Cli.Result usage = media("usage");
        assertThat(usage.exitCode()).as(usage.all()).isZero();
        assertThat(usage.out()).containsPattern("image original\\s+[1-9]").containsPattern("orphans \\(1\\)\\s+1,234");

        Cli.Result dry = media("remove-orphans");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("dry run: 3 objects examined", "orphan objects: 1", "deleted: 0",
                "done: the walk reached the end");
        assertThat(dir.resolve("media").resolve(STRAY)).exists();

        Cli.Result limited = media("remove-orphans", "--limit", "1");
        assertThat(limited.out()).contains("go on with --start-after " + STRAY);

        Cli.Result applied = media("remove-orphans", "--apply");
        assertThat(applied.out()).contains("applied:", "deleted: 1");
        assertThat(dir.resolve("media").resolve(STRAY)).doesNotExist();
        assertThat(media("remove-orphans", "--grace", "soon").exitCode()).isEqualTo(2);
    }

    @Test
    void removeDropsCachedFilesAndRefreshFetchesThemAgain() throws Exception {
        byte[] remote = jpeg(320, 240);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/r.jpg", exchange -> {
            exchange.sendResponseHeaders(200, remote.length);
            exchange.getResponseBody().write(remote);
            exchange.close();
        });
        server.start();
        long id;
        try (Depot d = depot()) {
            id = d.media(MediaLimits.defaults(), RemoteMediaOptions.defaults().withPrivateAddresses(true)).cacheRemote(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/r.jpg")).id();
        }

        Cli.Result remove = media("remove", "--days", "0");
        assertThat(remove.out()).as(remove.all()).contains("removed the files of 1 cached copies: 2 objects");
        assertThat(media("show", Long.toString(id)).out()).contains("\"variants\" : { }", "\"remoteUrl\"");

        assertThat(media("refresh", Long.toString(id)).exitCode()).as("loopback is refused by default").isEqualTo(2);
        Cli.Result refresh = media("--allow-private-addresses", "refresh", Long.toString(id));
        server.stop(0);
        assertThat(refresh.out()).as(refresh.all()).contains(id + "  DONE  2 styles");
        assertThat(media("remove-unattached", "--days", "0").out()).contains("removed 0 unattached uploads");
        assertThat(media("remove", "--days", "-1").exitCode()).isEqualTo(2);
    }
}
