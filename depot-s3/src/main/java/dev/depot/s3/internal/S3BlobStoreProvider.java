package dev.depot.s3.internal;

import dev.depot.BlobStore;
import dev.depot.spi.BlobContext;
import dev.depot.spi.BlobStoreProvider;
import java.util.Set;

/**
 * Opens S3 blob stores ({@code s3://bucket?...}); the URL's parameters are listed on
 * {@link S3Settings}. The store checks the bucket when it opens, so wrong credentials or a missing
 * bucket fail at once.
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {
    /** For {@link java.util.ServiceLoader}. */
    public S3BlobStoreProvider() {}

    @Override
    public Set<String> schemes() {
        return Set.of(S3Settings.SCHEME);
    }

    @Override
    public BlobStore open(BlobContext context) {
        S3Settings settings = S3Settings.parse(context.url(), context.config().connectTimeout(),
                context.config().operationTimeout());
        return S3BlobStore.open(settings);
    }
}
