package dev.depot.spi;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import java.io.InputStream;
import java.util.Optional;

/**
 * A {@link BlobStore} whose {@link #put} and {@link #putIfAbsent} are one write with a flag, so a
 * store implements the write once ({@link #write}) and both operations keep one contract.
 * Thread-safe as the store is.
 */
public interface ConditionalPutBlobStore extends BlobStore {
    @Override
    default BlobInfo put(String key, InputStream in, long length, BlobOptions options) {
        return write(key, in, length, options, false).orElseThrow();
    }

    @Override
    default Optional<BlobInfo> putIfAbsent(String key, InputStream in, long length, BlobOptions options) {
        return write(key, in, length, options, true);
    }

    /**
     * Stores {@code in} under {@code key} as {@link #put} does; with {@code onlyIfAbsent}, stores
     * nothing and returns empty when an object already has the key.
     *
     * @return what was stored; never empty when {@code onlyIfAbsent} is false
     */
    Optional<BlobInfo> write(String key, InputStream in, long length, BlobOptions options, boolean onlyIfAbsent);
}
