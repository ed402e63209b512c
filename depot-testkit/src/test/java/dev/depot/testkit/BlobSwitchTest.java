package dev.depot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MigrationException;
import dev.depot.MigrationProgress;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switching blob stores is a setting: the next open copies every object, verified, and records the new store. */
class BlobSwitchTest {
    @TempDir
    Path dir;

    private DepotConfig.Builder config(String blobUrl) {
        DepotConfig.Builder b = DepotConfig.builder().url("memory:").sessionDir(dir.resolve("session")).pageSize(7);
        return blobUrl == null ? b : b.blobUrl(blobUrl);
    }

    /** Writes a mix of objects and returns them by key with their options. */
    private Map<String, BlobOptions> fill(BlobStore blobs, int n) {
        Map<String, BlobOptions> written = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = (i % 3 == 0 ? "avatars/" : i % 3 == 1 ? "media/" + (i % 4) + "/" : "") + "obj-" + i + ".bin";
            BlobOptions o = (i % 2 == 0 ? BlobOptions.publicRead() : BlobOptions.privateRead())
                    .contentType(i % 5 == 0 ? "image/png" : "video/mp4").cacheControl("max-age=" + i).metadata("n", Integer.toString(i));
            byte[] data = BlobStoreContractTests.bytes(i * 37, i);
            blobs.put(key, new ByteArrayInputStream(data), data.length, o);
            written.put(key, o);
        }
        return written;
    }

    private static List<BlobInfo> all(BlobStore store) {
        try (Stream<BlobInfo> s = store.list("", null)) {
            return s.toList();
        }
    }

    /** Same keys, sizes, checksums, types, cache control, access and metadata, and the same bytes. */
    private static void assertSameObjects(BlobStore expected, BlobStore actual) {
        List<BlobInfo> want = all(expected);
        List<BlobInfo> have = all(actual);
        assertThat(have).extracting(BlobInfo::key).containsExactlyElementsOf(want.stream().map(BlobInfo::key).toList());
        for (int i = 0; i < want.size(); i++) {
            BlobInfo w = want.get(i);
            BlobInfo h = have.get(i);
            assertThat(h.size()).as(w.key()).isEqualTo(w.size());
            assertThat(h.sha256()).as(w.key()).isEqualTo(w.sha256());
            assertThat(h.options()).as(w.key()).isEqualTo(w.options());
            assertThat(BlobStoreContractTests.sha256(actual.open(w.key()))).as(w.key()).isEqualTo(w.sha256());
        }
    }

    private JsonNode record() throws Exception {
        return new ObjectMapper().readTree(dir.resolve("session/depot-state.json").toFile()).path("prefixes").path("depot");
    }

    @Test
    void changingTheBlobUrlCopiesEveryObjectAndRecordsTheNewStore() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Map<String, BlobOptions> written;
        try (Depot depot = Depot.open(config("file:" + a).build())) {
            written = fill(depot.blobs(), 40);
        }
        assertThat(record().path("blobStore").asText()).isEqualTo("file:" + a);

        List<MigrationProgress> progress = new ArrayList<>();
        try (Depot depot = Depot.open(config("file:" + b).migrationListener(progress::add).build())) {
            BlobStore source = BlobStore.open("file:" + a, depot.config());
            assertSameObjects(source, depot.blobs());
            assertThat(all(depot.blobs())).hasSize(written.size());
            assertThat(all(source)).hasSize(written.size()); // the source is kept
            assertThat(depot.blobs().head("media/1/obj-1.bin").orElseThrow().publicAccess()).isFalse();
        }
        assertThat(record().path("blobStore").asText()).isEqualTo("file:" + b);
        assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p.map()).isEqualTo("blobs"));
        assertThat(progress.get(progress.size() - 1).mapDone()).isTrue();
        assertThat(progress.get(progress.size() - 1).copied()).isEqualTo(40);
        assertThat(progress.size()).isGreaterThan(5); // page by page (7 objects a page)

        // Opening again with B copies nothing.
        List<MigrationProgress> again = new ArrayList<>();
        try (Depot depot = Depot.open(config("file:" + b).migrationListener(again::add).build())) {
            assertThat(all(depot.blobs())).hasSize(40);
        }
        assertThat(again).isEmpty();
    }

    @Test
    void switchingBackCopiesWhatWasWrittenMeanwhile() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (Depot depot = Depot.open(config("file:" + a).build())) {
            fill(depot.blobs(), 10);
        }
        try (Depot depot = Depot.open(config("file:" + b).build())) {
            depot.blobs().put("later.txt", new ByteArrayInputStream(new byte[] {1, 2}), 2, BlobOptions.privateRead().contentType("text/plain"));
        }
        try (Depot depot = Depot.open(config("file:" + a).build())) {
            BlobInfo later = depot.blobs().head("later.txt").orElseThrow();
            assertThat(later.contentType()).isEqualTo("text/plain");
            assertThat(later.publicAccess()).isFalse();
            assertSameObjects(BlobStore.open("file:" + b, depot.config()), depot.blobs());
        }
        assertThat(record().path("blobStore").asText()).isEqualTo("file:" + a);
    }

    @Test
    void theDefaultIsTheSessionFoldersMediaAndMovesToAConfiguredFolder() throws Exception {
        try (Depot depot = Depot.open(config(null).build())) {
            fill(depot.blobs(), 5);
            assertThat(depot.blobs().description()).isEqualTo("file:" + dir.resolve("session/media").toAbsolutePath());
        }
        assertThat(Files.isRegularFile(dir.resolve("session/media/avatars/obj-0.bin"))).isTrue();
        Path b = dir.resolve("b");
        try (Depot depot = Depot.open(config("file:" + b).build())) {
            assertThat(all(depot.blobs())).hasSize(5);
        }
        assertThat(Files.isRegularFile(b.resolve("avatars/obj-0.bin"))).isTrue();
    }

    @Test
    void migrateBlobsFromCopiesWithoutARecord() {
        Path a = dir.resolve("a");
        BlobStore source = BlobStore.open("file:" + a, DepotConfig.builder().build());
        fill(source, 12);
        Path b = dir.resolve("b");
        try (Depot depot = Depot.open(config("file:" + b).migrateBlobsFrom("file:" + a).build())) {
            assertSameObjects(source, depot.blobs());
        }
    }

    @Test
    void aRecordedStoreWhoseSecretIsNotRecordedAsksForMigrateBlobsFrom() throws Exception {
        Path a = dir.resolve("a");
        try (Depot depot = Depot.open(config("file:" + a).build())) {
            fill(depot.blobs(), 1);
        }
        // as if the last run had used an S3 store with the secret in its URL
        Path state = dir.resolve("session/depot-state.json");
        Files.writeString(state, Files.readString(state)
                .replace("\"blobStore\" : \"file:" + a + "\"", "\"blobStore\" : \"s3://media?endpoint=https%3A%2F%2Fs3.example\"")
                .replace("\"blobHadSecret\" : false", "\"blobHadSecret\" : true"));
        assertThatThrownBy(() -> Depot.open(config("file:" + dir.resolve("b")).build()))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("s3://media").hasMessageContaining("DEPOT_MIGRATE_BLOBS_FROM");
        assertThat(Files.exists(dir.resolve("b"))).isFalse();
    }

    @Test
    void aChangedBaseUrlMovesNothing() throws Exception {
        Path a = dir.resolve("a");
        try (Depot depot = Depot.open(config("file:" + a + "?baseUrl=https://old.example").build())) {
            fill(depot.blobs(), 3);
        }
        List<MigrationProgress> progress = new ArrayList<>();
        try (Depot depot = Depot.open(config("file:" + a + "?baseUrl=https://cdn.example").migrationListener(progress::add).build())) {
            assertThat(depot.blobs().url("avatars/obj-0.bin").toString()).isEqualTo("https://cdn.example/avatars/obj-0.bin");
        }
        assertThat(progress).isEmpty();
    }
}
