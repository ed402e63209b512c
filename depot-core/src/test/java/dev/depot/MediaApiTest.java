package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The media API types in core: their checks, and the message when depot-media is not installed. */
class MediaApiTest {

    @Test
    void mediaWithoutTheModuleNamesIt() {
        try (Depot depot = Depot.open("memory:")) {
            assertThatThrownBy(depot::media).isInstanceOf(IllegalStateException.class).hasMessageContaining("depot-media");
        }
    }

    @Test
    void descriptionIsAtMost1500Characters() {
        String longest = "é".repeat(UploadOptions.MAX_DESCRIPTION);
        assertThat(UploadOptions.description(longest).description()).isEqualTo(longest);
        assertThatThrownBy(() -> UploadOptions.description(longest + "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1500");
    }

    @Test
    void focusIsWithinMinusOneToOne() {
        assertThat(new MediaAttachment.Focus(-1, 1)).isNotNull();
        assertThatThrownBy(() -> new MediaAttachment.Focus(1.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MediaAttachment.Focus(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsDefaultToMastodonsAndRejectNonsense() {
        MediaLimits d = MediaLimits.defaults();
        assertThat(d).extracting(MediaLimits::imageBytes, MediaLimits::imagePixels, MediaLimits::animatedGifPixels,
                        MediaLimits::videoBytes, MediaLimits::videoPixels, MediaLimits::videoFrameRate, MediaLimits::videoFrames)
                .containsExactly(16L << 20, 33_177_600L, 921_600L, 99L << 20, 8_294_400L, 120, 36_000L);
        assertThat(d.withImageBytes(5).imageBytes()).isEqualTo(5);
        assertThatThrownBy(() -> d.withImagePixels(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imagePixels");
    }

    @Test
    void eachWithMethodChangesItsOwnLimitAndNoOther() throws Exception {
        MediaLimits d = MediaLimits.defaults();
        List<MediaLimits> changed = List.of(d.withImageBytes(1), d.withImagePixels(2), d.withAnimatedGifPixels(3),
                d.withVideoBytes(4), d.withAudioBytes(5), d.withVideoPixels(6), d.withVideoFrameRate(7), d.withVideoFrames(8),
                d.withProcessTimeout(Duration.ofSeconds(9)), d.withBackgroundBytes(10),
                d.withWorkers(11, d.queueSize()), d.withWorkers(d.workers(), 12));
        List<Object> given = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7, 8L, Duration.ofSeconds(9), 10L, 11, 12);
        RecordComponent[] components = MediaLimits.class.getRecordComponents();
        assertThat(changed).hasSameSizeAs(components);
        for (int i = 0; i < components.length; i++) {
            for (int j = 0; j < components.length; j++) {
                Object now = components[j].getAccessor().invoke(changed.get(i));
                Object expected = i == j ? given.get(i) : components[j].getAccessor().invoke(d);
                assertThat(now).as("%s after the %d-th with method", components[j].getName(), i + 1).isEqualTo(expected);
            }
        }
    }

    @Test
    void recordRoundTripsThroughTheJsonCodec() {
        MediaAttachment.Meta meta = MediaAttachment.Meta.image(640, 360);
        MediaAttachment a = new MediaAttachment(42L << 16, MediaType.IMAGE, MediaAttachment.Status.DONE, null, "cat.jpg",
                null, Instant.parse("2026-01-01T00:00:00Z"), "a cat", new MediaAttachment.Focus(0.25, -0.5),
                "U00000fQfQfQfQfQfQfQfQfQfQfQfQfQfQfQ",
                Map.of(Style.SMALL, new MediaAttachment.Variant("media_attachments/files/small/a.jpeg", null,
                        "image/jpeg", 1234, meta)));
        Codec<MediaAttachment> codec = Codec.json(MediaAttachment.class);
        MediaAttachment back = codec.decode(codec.encode(a));
        assertThat(back).isEqualTo(a);
        assertThat(back.meta(Style.SMALL).aspect()).isEqualTo(640.0 / 360);
        assertThat(back.storedBytes()).isEqualTo(1234);
        assertThat(back.url(Style.ORIGINAL)).isNull();
    }

    @Test
    void backgroundSettingsDefaultAndRejectNonsense() {
        MediaLimits d = MediaLimits.defaults();
        assertThat(d.backgroundBytes()).isEqualTo(8L << 20);
        assertThat(d.workers()).isEqualTo(2);
        assertThat(d.queueSize()).isEqualTo(16);
        assertThat(d.withBackgroundBytes(0).backgroundBytes()).isZero();
        assertThat(d.withWorkers(4, 0)).extracting(MediaLimits::workers, MediaLimits::queueSize).containsExactly(4, 0);
        assertThat(d.withImageBytes(5).workers()).as("with methods keep the rest").isEqualTo(2);
        assertThatThrownBy(() -> d.withBackgroundBytes(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backgroundBytes");
        assertThatThrownBy(() -> d.withWorkers(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers");
        assertThatThrownBy(() -> d.withWorkers(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueSize");
    }

    @Test
    void aWaitingRecordKeepsItsProgressAndSourceAndOldRecordsStillDecode() {
        MediaAttachment.Variant source = new MediaAttachment.Variant("media_attachments/files/original/b.webm", null,
                "video/webm", 9_000_000, MediaAttachment.Meta.NONE);
        MediaAttachment queued = new MediaAttachment(7L << 16, MediaType.VIDEO, MediaAttachment.Status.QUEUED, null,
                "b.webm", null, Instant.parse("2026-01-01T00:00:00Z"), null, MediaAttachment.Focus.CENTRE, null,
                Map.of(), 0, source);
        Codec<MediaAttachment> codec = Codec.json(MediaAttachment.class);
        assertThat(codec.decode(codec.encode(queued))).isEqualTo(queued);
        assertThat(queued.keys()).containsExactly(source.key());
        MediaAttachment at37 = queued.withProgress(37);
        assertThat(at37.status()).isEqualTo(MediaAttachment.Status.PROCESSING);
        assertThat(at37.progress()).isEqualTo(37);
        assertThat(at37.withOwner("status:1").source()).isEqualTo(source);
        assertThatThrownBy(() -> queued.withProgress(101)).isInstanceOf(IllegalArgumentException.class);

        // A record as the image-only version wrote it: no progress, no source.
        String old = "{\"blurhash\":null,\"createdAt\":\"2026-01-01T00:00:00Z\",\"description\":null,"
                + "\"failure\":null,\"fileName\":\"a.png\",\"focus\":{\"x\":0.0,\"y\":0.0},\"id\":5,"
                + "\"owner\":null,\"status\":\"DONE\",\"type\":\"IMAGE\",\"variants\":{}}";
        MediaAttachment decoded = codec.decode(old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(decoded.status()).isEqualTo(MediaAttachment.Status.DONE);
        assertThat(decoded.progress()).isNull();
        assertThat(decoded.source()).isNull();
        assertThat(decoded.keys()).isEmpty();
    }
}
