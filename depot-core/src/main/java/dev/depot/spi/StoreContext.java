package dev.depot.spi;

import dev.depot.DepotConfig;
import java.util.Objects;

/**
 * What a {@link StoreProvider} receives: the parsed store URL and the whole configuration
 * (prefix, pool size, timeouts...). The URL carries the store's own settings as parameters,
 * including those given apart from it ({@link DepotConfig#storeParams()}, added here where the
 * URL has none of that name), so a provider reads every store-specific setting from
 * {@link #url()} and refuses a parameter it does not know.
 */
public record StoreContext(StoreUrl url, DepotConfig config) {
    public StoreContext {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(config, "config");
        url = url.withDefaultParams(config.storeParams());
    }

    /** The validated prefix every table or key of this store starts with. */
    public String prefix() {
        return config.prefix();
    }
}
