package dev.depot.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobInfo;
import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import dev.depot.UploadOptions;
import dev.depot.testkit.junit.IntegrationTest;
import dev.depot.testkit.servers.S3ProxyServers;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The media pipeline over the S3 blob store, against a throwaway s3proxy (started by the test, never skipped). */
@IntegrationTest
class S3MediaLibraryTest extends MediaLibraryContractTests {
    @Override
    Depot openDepot(Path dir) {
        S3ProxyServers.S3Proxy s3 = S3ProxyServers.shared();
        return Depot.open(DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session"))
                .blobUrl(s3.url(s3.newBucket("media"))).build());
    }

    /** The store goes down after processing: the upload fails, and neither its record nor any object stays. */
    @Test
    void aStoreFailureLeavesNoRecordAndNoObject() {
        try (S3ProxyServers.S3Proxy s3 = S3ProxyServers.start()) {
            String url = s3.url(s3.newBucket("down"), Map.of("retryLimit", "0", "openTimeout", "1000",
                    "readTimeout", "2000"));
            try (Depot d = Depot.open(DepotConfig.builder().url("memory:").sessionDir(dir.resolve("down"))
                    .blobUrl(url).build())) {
                MediaLibrary m = d.media();
                s3.kill();
                assertThatThrownBy(() -> m.upload(new ByteArrayInputStream(TestMedia.jpeg(640, 480)), "x.jpg",
                        UploadOptions.defaults())).isInstanceOf(DepotException.class);
                assertThat(d.map("media_attachments", Codec.LONG, Codec.json(MediaAttachment.class))).isEmpty();
                s3.restart();
                try (Stream<BlobInfo> objects = d.blobs().list("", null)) {
                    assertThat(objects.toList()).isEmpty();
                }
            }
        }
    }
}
