package dev.depot.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.spi.StoreUrl;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the filesystem store has: its URL, its folder layout, files from other tools, and its crash recovery. */
class FileBlobStoreTest {
    @TempDir
    Path dir;

    private static BlobInfo put(BlobStore store, String key, byte[] data, BlobOptions options) {
        return store.put(key, new ByteArrayInputStream(data), data.length, options);
    }

    private static List<String> keys(BlobStore store) {
        try (Stream<BlobInfo> s = store.list("", null)) {
            return s.map(BlobInfo::key).toList();
        }
    }

    @Test
    void anEmptyFileUrlNeedsASessionFolder() {
        assertThatThrownBy(() -> FileBlobStoreProvider.folder(StoreUrl.parse("file:"), Optional.empty()))
                .isInstanceOf(DepotException.class)
                .hasMessageContaining("DEPOT_BLOB_URL").hasMessageContaining("sessionDir");
        assertThat(FileBlobStoreProvider.folder(StoreUrl.parse("file:"), Optional.of(dir)))
                .isEqualTo(dir.resolve("media").toAbsolutePath());
        assertThat(FileBlobStoreProvider.folder(StoreUrl.parse("file://" + dir + "/x"), Optional.empty()))
                .isEqualTo(dir.resolve("x"));
        assertThatThrownBy(() -> FileBlobStoreProvider.folder(StoreUrl.parse("file://host/x"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a host");
        assertThatThrownBy(() -> FileBlobStoreProvider.folder(StoreUrl.parse("file:/x?bucket=y"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bucket'");
    }

    @Test
    void objectsArePlainFilesAtTheirKeysAndDepotsFilesAreNeverListed() throws Exception {
        BlobStore store = new FileBlobStore(dir, null);
        byte[] data = {1, 2, 3};
        put(store, "avatars/1.png", data, BlobOptions.publicRead().contentType("image/png"));
        assertThat(Files.readAllBytes(dir.resolve("avatars/1.png"))).isEqualTo(data);
        // keys that look like Depot's own folder are ordinary keys: the reserved name has a backslash
        put(store, ".depot/meta/avatars/1.png", new byte[] {9}, BlobOptions.publicRead().contentType("text/plain"));
        assertThat(keys(store)).containsExactly(".depot/meta/avatars/1.png", "avatars/1.png");
        assertThat(store.head("avatars/1.png").orElseThrow().contentType()).isEqualTo("image/png");
        assertThat(store.url("avatars/1.png")).isEqualTo(dir.resolve("avatars/1.png").toUri());
        assertThat(store.delete("avatars/1.png")).isTrue();
        assertThat(Files.exists(dir.resolve("avatars"))).isFalse(); // emptied folders go too
    }

    @Test
    void aKeyCannotBeBothAnObjectAndAFolder() {
        BlobStore store = new FileBlobStore(dir, null);
        put(store, "a", new byte[] {1}, BlobOptions.publicRead());
        assertThatThrownBy(() -> put(store, "a/b", new byte[] {2}, BlobOptions.publicRead()))
                .isInstanceOf(DepotException.class).hasMessageContaining("cannot hold both");
        put(store, "c/d", new byte[] {1}, BlobOptions.publicRead());
        assertThatThrownBy(() -> put(store, "c", new byte[] {2}, BlobOptions.publicRead()))
                .isInstanceOf(DepotException.class).hasMessageContaining("cannot hold both");
        assertThat(keys(store)).containsExactly("a", "c/d");
    }

    @Test
    void aSegmentLongerThanAFileNameIsRejectedBeforeIo() {
        BlobStore store = new FileBlobStore(dir, null);
        assertThatThrownBy(() -> put(store, "x/" + "n".repeat(256), new byte[] {1}, BlobOptions.publicRead()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
        assertThat(keys(store)).isEmpty();
    }

    @Test
    void filesFromOtherToolsAreListedWithAGuessedTypeAndMigrateWithAComputedChecksum() throws Exception {
        Path paperclip = dir.resolve("system");
        Files.createDirectories(paperclip.resolve("media_attachments/files/109/original"));
        byte[] png = new byte[5000];
        new java.util.Random(1).nextBytes(png);
        Files.write(paperclip.resolve("media_attachments/files/109/original/cat.png"), png);
        BlobStore store = new FileBlobStore(paperclip, null);
        BlobInfo info = store.head("media_attachments/files/109/original/cat.png").orElseThrow();
        assertThat(info.contentType()).isEqualTo("image/png");
        assertThat(info.sha256()).isNull();
        assertThat(info.size()).isEqualTo(5000);

        Path target = dir.resolve("new");
        DepotConfig config = DepotConfig.builder().url("memory:").sessionDir(dir.resolve("s")).blobUrl("file:" + target)
                .migrateBlobsFrom("file:" + paperclip).build();
        try (Depot depot = Depot.open(config)) {
            BlobInfo copy = depot.blobs().head("media_attachments/files/109/original/cat.png").orElseThrow();
            assertThat(copy.contentType()).isEqualTo("image/png");
            assertThat(copy.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(png)));
        }
    }

    /**
     * The moment between the two renames of a put: the new object is in place, its sidecar still
     * waits in tmp/. A reader sees the new object with the new metadata, and the next open puts
     * the sidecar in place.
     */
    @Test
    void aCrashBetweenObjectAndSidecarRenameShowsTheNewObjectWithItsMetadata() throws Exception {
        FileBlobStore store = new FileBlobStore(dir, null);
        put(store, "k", new byte[] {1, 2, 3}, BlobOptions.publicRead().contentType("text/plain"));
        // what a put that died after its first rename leaves: the new object, and its pending sidecar
        Path tmp = dir.resolve(FileBlobStore.RESERVED).resolve("tmp");
        Path part = tmp.resolve("x.part");
        Files.write(part, new byte[] {4, 5, 6});
        String fileKey = Files.readAttributes(part, BasicFileAttributes.class).fileKey().toString();
        FileBlobStore.Sidecar pending = new FileBlobStore.Sidecar("k", 3, "sha-of-new", "image/png", null, false, Map.of("v", "2"), fileKey);
        Path pendingFile = tmp.resolve("sidecar-" + fileKey.replaceAll("[^A-Za-z0-9=,-]", "") + ".json");
        Files.write(pendingFile, new ObjectMapper().writeValueAsBytes(pending));
        Files.move(part, dir.resolve("k"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        BlobInfo info = store.head("k").orElseThrow();
        assertThat(info.contentType()).isEqualTo("image/png"); // not the old sidecar's text/plain
        assertThat(info.sha256()).isEqualTo("sha-of-new");
        assertThat(info.metadata()).containsEntry("v", "2");
        assertThat(info.publicAccess()).isFalse();

        Files.setLastModifiedTime(pendingFile, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
        new FileBlobStore(dir, null); // opening cleans up: the pending sidecar is put in place
        assertThat(Files.exists(pendingFile)).isFalse();
        assertThat(new FileBlobStore(dir, null).head("k").orElseThrow().contentType()).isEqualTo("image/png");
    }

    @Test
    void aCopiedFolderKeepsItsMetadata() throws Exception {
        FileBlobStore store = new FileBlobStore(dir.resolve("a"), null);
        put(store, "x/y.bin", new byte[] {1, 2}, BlobOptions.privateRead().contentType("video/webm").metadata("k", "v"));
        Path copy = dir.resolve("b");
        try (Stream<Path> files = Files.walk(dir.resolve("a"))) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(dir.resolve("a").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to); // new inodes
                }
            }
        }
        BlobInfo info = new FileBlobStore(copy, null).head("x/y.bin").orElseThrow();
        assertThat(info.contentType()).isEqualTo("video/webm");
        assertThat(info.publicAccess()).isFalse();
        assertThat(info.metadata()).containsEntry("k", "v");
        // checked by its checksum once, then re-keyed to the copy's file
        FileBlobStore.Sidecar sidecar = new ObjectMapper().readValue(
                copy.resolve(FileBlobStore.RESERVED).resolve("meta/x/y.bin").toFile(), FileBlobStore.Sidecar.class);
        assertThat(sidecar.fileKey()).isEqualTo(Files.readAttributes(copy.resolve("x/y.bin"), BasicFileAttributes.class).fileKey().toString());
    }

    /** Bytes replaced behind the store's back (or a sidecar lost to a power cut) are never paired with the old metadata. */
    @Test
    void anObjectReplacedOutsideTheStoreDoesNotInheritTheOldMetadata() throws Exception {
        FileBlobStore store = new FileBlobStore(dir, null);
        put(store, "k", new byte[] {1, 2, 3}, BlobOptions.privateRead().contentType("text/plain"));
        Path other = dir.resolve("other");
        Files.write(other, new byte[] {7, 8, 9}); // same size, other bytes, other file
        Files.move(other, dir.resolve("k"), StandardCopyOption.REPLACE_EXISTING);
        BlobInfo info = store.head("k").orElseThrow();
        assertThat(info.contentType()).isEqualTo("application/octet-stream");
        assertThat(info.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(new byte[] {7, 8, 9})));
    }

    @Test
    void blobsIsOneInstanceAndClosesWithTheDepot() {
        Depot depot = Depot.open(DepotConfig.builder().url("memory:").sessionDir(dir).build());
        BlobStore blobs = depot.blobs();
        assertThat(depot.blobs()).isSameAs(blobs);
        depot.close();
        assertThatThrownBy(depot::blobs).isInstanceOf(IllegalStateException.class);
    }
}
