package dev.depot.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MediaAttachment;
import dev.depot.MediaLimits;
import dev.depot.UploadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.depot.RemoteMediaOptions;
import dev.depot.testkit.junit.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the Depot stops its media workers mid-transcode; the record stays waiting with the
 * stored upload, and processing restarts from it in the next Depot on the same stores.
 */
@IntegrationTest
class BackgroundRestartTest {
    private static final MediaLimits BACKGROUND = MediaLimits.defaults().withBackgroundBytes(0);

    @TempDir
    Path dir;

    private Depot open() {
        return Depot.open(DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session"))
                .blobUrl("file:" + dir.resolve("media")).build());
    }

    @Test
    void closingStopsTheWorkersAndProcessingRestartsFromTheStoredUpload() throws Exception {
        Path clip = dir.resolve("long.webm");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=duration=20:size=320x240:rate=25", "-f", "lavfi", "-i", "sine=duration=20", "-c:v", "libvpx",
                "-deadline", "realtime", "-c:a", "libopus", "-shortest", clip.toString()).inheritIO().start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0).as("ffmpeg made the clip").isTrue();

        long id;
        String source;
        try (Depot depot = open()) {
            DepotMediaLibrary media = new DepotMediaLibrary(depot, BACKGROUND, RemoteMediaOptions.defaults());
            MediaAttachment queued = media.upload(Files.newInputStream(clip), "long.webm", UploadOptions.defaults());
            id = queued.id();
            source = queued.source().key();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (media.get(id).orElseThrow().status() == MediaAttachment.Status.QUEUED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(media.get(id).orElseThrow().status()).isEqualTo(MediaAttachment.Status.PROCESSING);
        }
        assertThat(Thread.getAllStackTraces().keySet()).as("the workers stopped with the Depot")
                .noneMatch(t -> t.getName().startsWith("depot-media-") && t.isAlive() && !t.isVirtual());

        try (Depot depot = open()) {
            DepotMediaLibrary media = new DepotMediaLibrary(depot, BACKGROUND, RemoteMediaOptions.defaults());
            MediaAttachment left = media.get(id).orElseThrow();
            assertThat(left.status()).isIn(MediaAttachment.Status.QUEUED, MediaAttachment.Status.PROCESSING);
            assertThat(left.source().key()).isEqualTo(source);
            assertThat(keys(depot)).as("only the stored upload: what the stopped job wrote is gone")
                    .containsExactly(source);

            assertThat(media.restart(id)).isTrue();
            MediaAttachment done = media.await(id, Duration.ofMinutes(3));

            assertThat(done.status()).isEqualTo(MediaAttachment.Status.DONE);
            assertThat(done.source()).isNull();
            assertThat(keys(depot)).containsExactlyInAnyOrderElementsOf(done.keys()).doesNotContain(source);
            assertThat(media.restart(id)).as("nothing to restart once done").isFalse();
        }
    }

    private static List<String> keys(Depot depot) {
        try (Stream<BlobInfo> all = depot.blobs().list("media_attachments/", null)) {
            return all.map(BlobInfo::key).toList();
        }
    }
}
