package dev.depot.spi;

import java.util.Set;

/**
 * Plugs a store into Depot. Found with {@link java.util.ServiceLoader} by URL scheme, so an
 * application only carries the drivers of the stores it uses. Implementations need a public
 * no-argument constructor and a {@code META-INF/services/dev.depot.spi.StoreProvider} entry
 * (or {@code provides} in {@code module-info}). A third-party store proves itself by passing
 * the contract suite of {@code depot-testkit}.
 */
public interface StoreProvider {

    /** URL schemes this provider opens, lower case, without the colon, e.g. {@code sqlite}. */
    Set<String> schemes();

    /**
     * Opens the store for {@code context.config().prefix()}.
     *
     * @throws dev.depot.StoreUnavailableException when the store cannot be reached
     * @throws IllegalArgumentException when the URL is malformed for this store
     */
    Store open(StoreContext context);

    /**
     * Whether {@link #open} can run over {@code client}, the application's own connection object
     * ({@code Depot.open(config, client)}), given in {@link StoreContext#client()}. A provider
     * that says yes uses it and never closes it. False by default, so Depot refuses the client
     * instead of quietly connecting by itself.
     */
    default boolean acceptsClient(Object client) {
        return false;
    }
}
