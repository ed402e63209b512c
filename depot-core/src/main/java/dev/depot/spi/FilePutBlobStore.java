package dev.depot.spi;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import java.nio.file.Path;

/**
 * A {@link BlobStore} that can store a local file by taking it rather than reading it through a
 * stream: the filesystem store renames the file into place when it is on the same filesystem, so
 * a large processed upload is not written a second time. Optional, like {@link BlobCopyAccess}: a
 * caller that finds a store without it streams the file to {@link BlobStore#put}. Thread-safe as
 * the store is.
 */
public interface FilePutBlobStore extends BlobStore {
    /**
     * Stores the bytes of {@code file} under {@code key} with the guarantees of
     * {@link BlobStore#put} (durable when it returns, all or nothing, replaces an existing
     * object). The store takes the file: it may be moved away, so the caller must not use it
     * afterwards, whether this returns or throws; a failure leaves the store as it was.
     *
     * @param file a regular file that no one writes to any more
     * @throws IllegalArgumentException when the key is invalid (the file is then left where it is)
     * @throws dev.depot.DepotException when the file cannot be read or the store cannot write
     */
    BlobInfo putFile(String key, Path file, BlobOptions options);
}
