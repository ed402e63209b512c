package dev.depot.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileBlobStore#putFile}: a local file taken by rename, stored as a put would store it. */
class FileBlobStorePutFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aFileIsTakenAndStoredWithItsChecksumAndOptions() throws Exception {
        FileBlobStore store = new FileBlobStore(dir.resolve("store"), null);
        byte[] data = bytes(3 * 1024 * 1024 + 17, 1); // several checksum buffers and a partial one
        Path file = Files.createDirectories(dir.resolve("work")).resolve("original.mp4");
        Files.write(file, data);

        BlobInfo info = store.putFile("media/1/original/a.mp4", file, BlobOptions.publicRead().contentType("video/mp4")
                .cacheControl("public, max-age=60"));

        assertThat(file).doesNotExist();
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.sha256()).isEqualTo(sha256(data));
        try (InputStream in = store.open("media/1/original/a.mp4")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        // a store opened afresh on the folder pairs the object with its sidecar
        BlobInfo again = new FileBlobStore(dir.resolve("store"), null).head("media/1/original/a.mp4").orElseThrow();
        assertThat(again.contentType()).isEqualTo("video/mp4");
        assertThat(again.cacheControl()).isEqualTo("public, max-age=60");
        assertThat(again.sha256()).isEqualTo(sha256(data));
        assertThat(Files.list(dir.resolve("store").resolve(FileBlobStore.RESERVED).resolve("tmp")))
                .as("nothing left in the temporary folder").isEmpty();
    }

    @Test
    void aFileReplacesAnObjectPutAsAStream() throws Exception {
        FileBlobStore store = new FileBlobStore(dir.resolve("store"), null);
        store.put("k.bin", new ByteArrayInputStream(new byte[] {1, 2}), 2, BlobOptions.privateRead().contentType("a/b"));
        byte[] data = bytes(1000, 2);
        Path file = dir.resolve("k.tmp");
        Files.write(file, data);

        store.putFile("k.bin", file, BlobOptions.publicRead().contentType("c/d"));

        BlobInfo info = store.head("k.bin").orElseThrow();
        assertThat(info.contentType()).isEqualTo("c/d");
        assertThat(info.publicAccess()).isTrue();
        assertThat(info.sha256()).isEqualTo(sha256(data));
        assertThat(Files.readAllBytes(dir.resolve("store/k.bin"))).isEqualTo(data);
    }

    @Test
    void anInvalidKeyOrAMissingFileStoresNothingAndKeepsTheFile() throws Exception {
        FileBlobStore store = new FileBlobStore(dir.resolve("store"), null);
        Path file = dir.resolve("x.bin");
        Files.write(file, new byte[] {7});

        assertThatThrownBy(() -> store.putFile("../x.bin", file, BlobOptions.publicRead()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(file).exists();
        assertThatThrownBy(() -> store.putFile("y.bin", dir.resolve("missing.bin"), BlobOptions.publicRead()))
                .hasMessageContaining("not a regular file");
        assertThat(store.head("y.bin")).isEmpty();
    }
}
