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
public record StoreContext(StoreUrl url, DepotConfig config, Object client) {
    /**
     * @param client the application's own connection object to open the store on (a
     *               {@code javax.sql.DataSource}, a Lettuce client), which the store must use and
     *               must not close; null when the store connects by itself. Only passed to a
     *               provider whose {@link StoreProvider#acceptsClient} said yes.
     */
    public StoreContext {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(config, "config");
        url = url.withDefaultParams(config.storeParams());
    }

    /** A context without an application client: the store connects by itself. */
    public StoreContext(StoreUrl url, DepotConfig config) {
        this(url, config, null);
    }

    /** The validated prefix every table or key of this store starts with. */
    public String prefix() {
        return config.prefix();
    }
}
