package dev.depot.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.MediaAttachment;
import dev.depot.MediaType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records written before {@code remoteUrl} existed still read, and the new field round-trips. */
class MediaAttachmentJsonTest {
    private final Codec<MediaAttachment> codec = Codec.json(MediaAttachment.class);

    @Test
    void aRecordWithoutRemoteUrlReadsAsAnUpload() {
        String before = "{\"blurhash\":null,\"createdAt\":\"2026-01-02T03:04:05Z\",\"description\":\"d\",\"failure\":null,"
                + "\"fileName\":\"a.jpg\",\"focus\":{\"x\":0.0,\"y\":0.0},\"id\":42,\"owner\":null,\"status\":\"DONE\","
                + "\"type\":\"IMAGE\",\"variants\":{}}";
        MediaAttachment a = codec.decode(before.getBytes(StandardCharsets.UTF_8));
        assertThat(a.remoteUrl()).isNull();
        assertThat(a.fromRemote()).isFalse();
        assertThat(a.id()).isEqualTo(42);
    }

    @Test
    void remoteUrlRoundTripsAndNothingElseIsAdded() {
        MediaAttachment a = new MediaAttachment(7, MediaType.IMAGE, MediaAttachment.Status.DONE, null, "x.png", null,
                Instant.parse("2026-01-02T03:04:05Z"), null, MediaAttachment.Focus.CENTRE, null, Map.of(),
                URI.create("https://example.org/x.png"));
        String json = new String(codec.encode(a), StandardCharsets.UTF_8);
        assertThat(json).contains("\"remoteUrl\":\"https://example.org/x.png\"").doesNotContain("fromRemote");
        assertThat(codec.decode(codec.encode(a))).isEqualTo(a);
    }
}
