package dev.depot.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mastodon's PAPERCLIP_* and CDN_HOST variables give the filesystem store its folder and URLs, as Mastodon builds them. */
class PaperclipEnvironmentTest {
    @TempDir
    Path dir;

    private static final String KEY = "media_attachments/files/109/original/a b.png";

    private BlobStore open(Map<String, String> env) {
        DepotConfig config = DepotConfig.fromEnv(env).toBuilder().sessionDir(dir.resolve("session")).build();
        return BlobStores.open(config.blobUrl().orElse(BlobStores.DEFAULT_URL), config);
    }

    /** The URL of {@link #KEY} with PAPERCLIP_ROOT_PATH in the test's folder and the given variables (name, value, ...). */
    private String keyUrl(String... namesAndValues) {
        Map<String, String> env = new HashMap<>(Map.of("PAPERCLIP_ROOT_PATH", dir.resolve("p").toString()));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return open(env).url(KEY).toString();
    }

    @Test
    void noVariableMeansNoBlobUrl() {
        assertThat(DepotConfig.fromEnv(Map.of()).blobUrl()).isEmpty();
    }

    @Test
    void rootPathAloneServesUnderSlashSystem() {
        Path root = dir.resolve("public/system");
        Map<String, String> env = Map.of("PAPERCLIP_ROOT_PATH", root.toString());
        assertThat(DepotConfig.fromEnv(env).blobUrl()).contains("file:" + root + "?baseUrl=%2Fsystem");
        BlobStore store = open(env);
        store.put(KEY, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, BlobOptions.publicRead());
        assertThat(Files.exists(root.resolve(KEY))).isTrue(); // where Mastodon's nginx serves it from
        assertThat(store.url(KEY).toString()).isEqualTo("/system/media_attachments/files/109/original/a%20b.png");
    }

    @Test
    void cdnHostIsJoinedWithTheRootUrl() {
        assertThat(keyUrl("CDN_HOST", "https://cdn.example.com"))
                .isEqualTo("https://cdn.example.com/system/media_attachments/files/109/original/a%20b.png");
        assertThat(keyUrl("CDN_HOST", "https://cdn.example.com/", "PAPERCLIP_ROOT_URL", "/files/"))
                .isEqualTo("https://cdn.example.com/files/media_attachments/files/109/original/a%20b.png");
    }

    @Test
    void anAbsoluteRootUrlWinsOverTheCdnHost() {
        assertThat(keyUrl("CDN_HOST", "https://cdn.example.com", "PAPERCLIP_ROOT_URL", "https://files.example.org/media"))
                .isEqualTo("https://files.example.org/media/media_attachments/files/109/original/a%20b.png");
    }

    @Test
    void cdnHostWithoutRootPathUsesTheSessionFoldersMedia() {
        Map<String, String> env = Map.of("CDN_HOST", "https://cdn.example.com");
        assertThat(DepotConfig.fromEnv(env).blobUrl()).contains("file:?baseUrl=https%3A%2F%2Fcdn.example.com%2Fsystem");
        BlobStore store = open(env);
        store.put("x/y.txt", new ByteArrayInputStream(new byte[] {1}), 1, BlobOptions.publicRead());
        assertThat(Files.exists(dir.resolve("session/media/x/y.txt"))).isTrue();
        assertThat(store.url("x/y.txt").toString()).isEqualTo("https://cdn.example.com/system/x/y.txt");
    }

    @Test
    void depotBlobUrlAndS3TakePrecedence() {
        Map<String, String> env = Map.of("DEPOT_BLOB_URL", "file:/srv/media", "PAPERCLIP_ROOT_PATH", "/other");
        assertThat(DepotConfig.fromEnv(env).blobUrl()).contains("file:/srv/media");
    }

    @Test
    void aMalformedCdnHostIsNamed() {
        assertThatThrownBy(() -> DepotConfig.fromEnv(Map.of("CDN_HOST", "https://exa mple.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CDN_HOST");
    }
}
