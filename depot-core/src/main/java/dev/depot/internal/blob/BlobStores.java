package dev.depot.internal.blob;

import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.internal.SessionFolder;
import dev.depot.internal.InstalledProviders;
import dev.depot.spi.BlobContext;
import dev.depot.spi.BlobStoreProvider;
import dev.depot.spi.StoreUrl;
import java.util.ServiceLoader;

/** Opens blob stores by URL scheme through {@link ServiceLoader}, and names them for the session record. */
public final class BlobStores {
    /** The blob URL used when none is configured: the session folder's {@code media/}. */
    public static final String DEFAULT_URL = "file:";

    private BlobStores() {}

    /** The configured blob URL, or {@link #DEFAULT_URL}. */
    public static String configuredUrl(DepotConfig config) {
        return config.blobUrl().orElse(DEFAULT_URL);
    }

    /**
     * Opens the blob store at {@code url} with {@code config}'s other settings.
     *
     * @throws DepotException when no installed module handles the scheme
     */
    public static BlobStore open(String url, DepotConfig config) {
        StoreUrl parsed = StoreUrl.parse(url);
        return provider(parsed).open(new BlobContext(parsed, config, SessionFolder.of(config)));
    }

    /**
     * What identifies the store at {@code url} in the session record: the URL without secrets,
     * and for {@code file:} the absolute folder alone (a changed {@code baseUrl} moves no files).
     *
     * @throws DepotException when a {@code file:} URL has no folder and there is no session folder
     */
    public static String identity(String url, DepotConfig config) {
        StoreUrl parsed = StoreUrl.parse(url);
        if (parsed.scheme().equals("file")) {
            return "file:" + FileBlobStoreProvider.folder(parsed, SessionFolder.of(config));
        }
        return parsed.withoutPassword();
    }

    /** Whether the URL carries a secret that the session record leaves out. */
    public static boolean hasSecret(String url) {
        return StoreUrl.parse(url).hasPassword();
    }

    /** Closes the store when it holds resources. */
    public static void close(BlobStore store) {
        if (store instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DepotException("cannot close " + store.description() + ": " + e.getMessage(), e);
            }
        }
    }

    static BlobStoreProvider provider(StoreUrl url) {
        return InstalledProviders.forScheme(BlobStoreProvider.class, BlobStoreProvider::schemes, url, "blob store", "depot-s3");
    }
}
