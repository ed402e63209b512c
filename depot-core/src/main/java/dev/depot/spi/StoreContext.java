package dev.depot.spi;

import dev.depot.DepotConfig;
import java.util.Objects;

/**
 * What a {@link StoreProvider} receives: the parsed store URL and the whole configuration
 * (prefix, pool size, timeouts, prepared statements...).
 */
public record StoreContext(StoreUrl url, DepotConfig config) {
    public StoreContext {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(config, "config");
    }

    /** The validated prefix every table or key of this store starts with. */
    public String prefix() {
        return config.prefix();
    }
}
