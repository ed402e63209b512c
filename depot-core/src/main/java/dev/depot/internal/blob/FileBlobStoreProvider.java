package dev.depot.internal.blob;

import dev.depot.BlobStore;
import dev.depot.DepotException;
import dev.depot.spi.BlobContext;
import dev.depot.spi.BlobStoreProvider;
import dev.depot.spi.StoreUrl;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The filesystem blob store, scheme {@code file}: {@code file:<folder>[?baseUrl=<public URL prefix>]}
 * (also {@code file:///abs/folder}). {@code file:} with no folder is the session folder's
 * {@code media/}.
 */
public final class FileBlobStoreProvider implements BlobStoreProvider {
    private static final Set<String> PARAMS = Set.of("baseUrl");

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public BlobStore open(BlobContext context) {
        return new FileBlobStore(folder(context.url(), context.sessionFolder()), baseUrl(context.url()));
    }

    /**
     * The folder a {@code file:} URL names, absolute.
     *
     * @throws IllegalArgumentException for a host, or an unknown parameter
     * @throws DepotException when the URL names no folder and there is no session folder
     */
    public static Path folder(StoreUrl url, Optional<Path> sessionFolder) {
        if (!url.scheme().equals("file")) {
            throw new IllegalArgumentException("not a file: URL: " + url.masked());
        }
        if (!url.hosts().isEmpty()) {
            throw new IllegalArgumentException("a file: blob URL names a local folder, not a host: " + url.masked()
                    + "; write file:/absolute/folder or file:relative/folder");
        }
        for (String p : url.params().keySet()) {
            if (!PARAMS.contains(p)) {
                throw new IllegalArgumentException("unknown parameter '" + p + "' in the blob URL " + url.masked()
                        + "; the file: store takes only baseUrl");
            }
        }
        String path = url.hierarchical() ? "/" + url.path() : url.path();
        if (!path.isEmpty() && !path.equals("/")) {
            return Path.of(path).toAbsolutePath().normalize();
        }
        return sessionFolder.map(d -> d.resolve("media").toAbsolutePath().normalize()).orElseThrow(() -> new DepotException(
                "the filesystem blob store needs a folder: set blobUrl (DEPOT_BLOB_URL=file:/path/to/media) or a session"
                        + " folder (sessionDir, DEPOT_SESSION_DIR), whose media/ it then uses"));
    }

    private static String baseUrl(StoreUrl url) {
        String base = url.params().get("baseUrl");
        return base == null || base.isBlank() ? null : base;
    }
}
