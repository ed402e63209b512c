package dev.depot.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobInfo;
import dev.depot.Depot;
import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.MediaRejectedException;
import dev.depot.MediaRemoval;
import dev.depot.MediaTooLargeException;
import dev.depot.RemoteMediaOptions;
import dev.depot.StoreUnavailableException;
import dev.depot.Style;
import dev.depot.UnsupportedMediaException;
import dev.depot.UploadOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote media against each blob store: fetched from a local web server through redirects,
 * refused for errors, spoofed types and oversized bodies with nothing stored, cached files
 * removed by age and by the cap, and brought back by refresh.
 */
abstract class RemoteMediaContractTests extends MediaStoreFixture {
    /** The test's web server is on loopback, which the defaults refuse. */
    static final RemoteMediaOptions LOCAL = RemoteMediaOptions.defaults().withPrivateAddresses(true);

    RemoteFiles web;

    @Override
    MediaLibrary library(Depot opened) {
        return opened.media(MediaLimits.defaults(), LOCAL);
    }

    @BeforeEach
    void startWeb() throws Exception {
        web = new RemoteFiles();
    }

    @AfterEach
    void stopWeb() {
        web.close();
    }

    private void assertNothingStored() {
        assertThat(objects("")).isEmpty();
        assertThat(records).isEmpty();
    }

    @Test
    void aRemoteFileIsCachedUnderCacheWithItsUrlAndTypeFromItsBytes() {
        // the server calls the JPEG text/html: the bytes decide
        web.file("/media/photo.jpg", "text/html", TestMedia.jpeg(800, 600));
        URI uri = web.uri("/media/photo.jpg");

        MediaAttachment a = media.cacheRemote(uri);

        assertThat(a.status()).isEqualTo(MediaAttachment.Status.DONE);
        assertThat(a.remoteUrl()).isEqualTo(uri);
        assertThat(a.fromRemote()).isTrue();
        assertThat(a.fileName()).isEqualTo("photo.jpg");
        assertThat(a.variants()).containsOnlyKeys(Style.ORIGINAL, Style.SMALL);
        assertThat(a.variants().values()).allSatisfy(v -> {
            assertThat(v.key()).matches("cache/" + MediaLibraryContractTests.KEY_PATTERN);
            assertThat(depot.blobs().head(v.key())).map(BlobInfo::size).contains(v.bytes());
        });
        assertThat(media.get(a.id())).contains(a);
        assertThat(objects("media_attachments/")).as("nothing outside cache/").isEmpty();
    }

    @Test
    void redirectsAreFollowedWithinTheirBound() {
        web.file("/real.png", "image/png", TestMedia.png(300, 200))
                .redirect("/one", "/two").redirect("/two", web.uri("/real.png").toString())
                .redirect("/loop", "/loop").redirect("/elsewhere", "ftp://example.org/x.png");

        MediaAttachment a = media.cacheRemote(web.uri("/one"));
        assertThat(a.remoteUrl()).as("the URL asked for, not where it led").isEqualTo(web.uri("/one"));
        assertThat(a.meta(Style.ORIGINAL)).isEqualTo(MediaAttachment.Meta.image(300, 200));

        assertThatThrownBy(() -> media.cacheRemote(web.uri("/loop"))).isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("redirected more than 5 times");
        assertThatThrownBy(() -> media.cacheRemote(web.uri("/elsewhere"))).isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("ftp://example.org/x.png");
        assertThat(records).hasSize(1);
    }

    @Test
    void errorsSpoofedTypesAndBadUrlsStoreNothing() {
        web.file("/page.png", "image/png", "<html><body>not a picture</body></html>".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> media.cacheRemote(web.uri("/missing.png"))).isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("404");
        assertThatThrownBy(() -> media.cacheRemote(web.uri("/page.png"))).isInstanceOf(UnsupportedMediaException.class);
        assertThatThrownBy(() -> media.cacheRemote(URI.create("file:///etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> media.cacheRemote(URI.create("/relative.png")))
                .isInstanceOf(IllegalArgumentException.class);
        assertNothingStored();
    }

    @Test
    void atTheDefaultsLoopbackAndPrivateAddressesAreRefused() {
        web.file("/inside.jpg", "image/jpeg", TestMedia.jpeg(320, 240));
        MediaLibrary defaults = depot.media();

        assertThatThrownBy(() -> defaults.cacheRemote(web.uri("/inside.jpg"))).isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("not a public address");
        assertThatThrownBy(() -> defaults.cacheRemote(URI.create("http://169.254.169.254/latest/meta-data/")))
                .isInstanceOf(MediaRejectedException.class).hasMessageContaining("169.254.169.254");
        assertThatThrownBy(() -> defaults.cacheRemote(URI.create("http://10.1.2.3/a.png")))
                .isInstanceOf(MediaRejectedException.class);
        assertThat(web.bytesSent.get()).as("nothing was asked of the server").isZero();
        assertNothingStored();
    }

    @Test
    void anOversizedBodyIsRefusedWhileItIsRead() {
        MediaLimits small = MediaLimits.defaults().withImageBytes(100_000).withVideoBytes(100_000)
                .withAudioBytes(100_000);
        MediaLibrary limited = depot.media(small, LOCAL);
        byte[] head = TestMedia.jpeg(64, 64);
        web.endless("/endless.jpg", head, 64L << 20).declaring("/declared.jpg", head, 50L << 20);

        assertThatThrownBy(() -> limited.cacheRemote(web.uri("/endless.jpg"))).isInstanceOf(MediaTooLargeException.class);
        assertThat(web.bytesSent.get()).as("stopped reading long before 64 MiB").isLessThan(16L << 20);
        assertThatThrownBy(() -> limited.cacheRemote(web.uri("/declared.jpg"))).isInstanceOf(MediaTooLargeException.class)
                .hasMessageContaining("declares");
        assertNothingStored();
    }

    @Test
    void aBodyThatStallsPastTheFetchTimeoutFailsInTime() {
        MediaLibrary impatient = depot.media(MediaLimits.defaults(), LOCAL.withFetchTimeout(Duration.ofSeconds(1)));
        web.pausing("/slow.jpg", TestMedia.jpeg(400, 300), 10_000);

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.cacheRemote(web.uri("/slow.jpg"))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("took longer than PT1S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertNothingStored();
    }

    @Test
    void atTheDefaultTimeoutABodyThatPausesTwoSecondsIsFetched() {
        web.pausing("/pause.jpg", TestMedia.jpeg(400, 300), 2_000);
        assertThat(media.cacheRemote(web.uri("/pause.jpg")).status()).isEqualTo(MediaAttachment.Status.DONE);
    }

    @Test
    void removeCachedKeepsTheRecordAndRefreshFetchesTheFilesAgain() {
        web.file("/a.jpg", "image/jpeg", TestMedia.jpeg(640, 480));
        MediaAttachment remote = media.cacheRemote(web.uri("/a.jpg"));
        MediaAttachment upload = media.upload(new ByteArrayInputStream(TestMedia.jpeg(320, 240)), "mine.jpg",
                UploadOptions.defaults());

        assertThat(media.removeCached(Duration.ofDays(1))).as("not old enough").isEqualTo(new MediaRemoval(0, 0, 0));
        MediaRemoval removed = media.removeCached(Duration.ZERO);

        assertThat(removed).isEqualTo(new MediaRemoval(1, 2, remote.storedBytes()));
        assertThat(objects("cache/")).isEmpty();
        MediaAttachment kept = media.get(remote.id()).orElseThrow();
        assertThat(kept.variants()).isEmpty();
        assertThat(kept.remoteUrl()).isEqualTo(remote.remoteUrl());
        assertThat(media.get(upload.id())).as("uploads are never removed as cache").contains(upload);

        MediaAttachment back = media.refresh(remote.id());
        assertThat(back.id()).isEqualTo(remote.id());
        assertThat(back.createdAt()).isEqualTo(remote.createdAt());
        assertThat(back.variants()).containsOnlyKeys(Style.ORIGINAL, Style.SMALL);
        assertThat(objects("cache/")).containsExactlyInAnyOrderElementsOf(
                back.variants().values().stream().map(MediaAttachment.Variant::key).toList());
        assertThat(back.variants().get(Style.ORIGINAL).key())
                .startsWith(remote.variants().get(Style.ORIGINAL).key().split("/original/")[0]);
        assertThat(media.refresh(remote.id())).as("nothing missing: unchanged").isEqualTo(back);
    }

    @Test
    void aFailedRefreshLeavesTheRecordAsItWas() {
        web.file("/gone.jpg", "image/jpeg", TestMedia.jpeg(320, 240));
        MediaAttachment remote = media.cacheRemote(web.uri("/gone.jpg"));
        media.removeCached(Duration.ZERO);
        MediaAttachment before = records.get(remote.id());
        web.file("/gone.jpg", "image/jpeg", "now it is text".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> media.refresh(remote.id())).isInstanceOf(UnsupportedMediaException.class);
        assertThat(records.get(remote.id())).isEqualTo(before);
        assertThat(objects("")).isEmpty();
        assertThatThrownBy(() -> media.refresh(12345)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aFailedUploadIsProcessedAgainFromItsStoredOriginal() {
        MediaAttachment a = media.upload(new ByteArrayInputStream(TestMedia.jpeg(640, 480)), "x.jpg",
                UploadOptions.description("kept"));
        depot.blobs().delete(a.variants().get(Style.SMALL).key());
        records.put(a.id(), a.withStatus(MediaAttachment.Status.FAILED, "a worker died"));

        MediaAttachment again = media.refresh(a.id());

        assertThat(again.status()).isEqualTo(MediaAttachment.Status.DONE);
        assertThat(again.description()).isEqualTo("kept");
        assertThat(again.meta(Style.ORIGINAL)).isEqualTo(a.meta(Style.ORIGINAL));
        assertThat(objects("")).as("the old original was replaced, not kept beside")
                .containsExactlyInAnyOrderElementsOf(again.variants().values().stream()
                        .map(MediaAttachment.Variant::key).toList());
    }

    @Test
    void theCacheCapRemovesTheOldestCopiesFirst() {
        for (int i = 0; i < 3; i++) {
            web.file("/p" + i + ".jpg", "image/jpeg", TestMedia.jpeg(600 + i * 10, 400));
        }
        MediaAttachment first = media.cacheRemote(web.uri("/p0.jpg"));
        long cap = first.storedBytes() * 5 / 2; // room for two copies, not three
        MediaLibrary capped = depot.media(MediaLimits.defaults(), LOCAL.withCacheMaxBytes(cap));

        MediaAttachment second = capped.cacheRemote(web.uri("/p1.jpg"));
        assertThat(media.get(first.id()).orElseThrow().variants()).as("two fit").isNotEmpty();
        MediaAttachment third = capped.cacheRemote(web.uri("/p2.jpg"));

        assertThat(media.get(first.id()).orElseThrow().variants()).as("the oldest lost its files").isEmpty();
        assertThat(media.get(second.id()).orElseThrow().variants()).isNotEmpty();
        assertThat(media.get(third.id()).orElseThrow().variants()).isNotEmpty();
        assertThat(objects("cache/")).hasSize(4);
    }
}
