package dev.depot.spi;

import dev.depot.BlobStore;
import java.util.Set;

/**
 * Plugs a blob store into Depot, found with {@link java.util.ServiceLoader} by URL scheme
 * ({@code file}, {@code s3}), like {@link StoreProvider}.
 */
public interface BlobStoreProvider {

    /** URL schemes this provider opens, lower case, without the colon. */
    Set<String> schemes();

    /**
     * Opens the blob store. The returned store is closed by the {@code Depot} when it is
     * {@link AutoCloseable}.
     *
     * @throws dev.depot.StoreUnavailableException when the store cannot be reached
     * @throws IllegalArgumentException when the URL is malformed for this store
     */
    BlobStore open(BlobContext context);
}
