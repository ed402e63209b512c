package dev.depot.spi;

import dev.depot.DepotConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link BlobStoreProvider} receives: the parsed blob URL, the whole configuration, and
 * the session folder when there is one.
 */
public record BlobContext(StoreUrl url, DepotConfig config, Optional<Path> sessionFolder) {
    public BlobContext {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sessionFolder, "sessionFolder");
    }
}
