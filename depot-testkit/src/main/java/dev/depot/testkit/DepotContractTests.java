package dev.depot.testkit;

import dev.depot.Depot;
import dev.depot.DepotConfig;

/**
 * Depot's own contract for a store, beyond {@link MapConformanceSuite}. A store module extends
 * this class and names its store; every test opens a Depot with a fresh prefix.
 */
public abstract class DepotContractTests {

    /** The URL of the store under test. */
    protected abstract String storeUrl();

    /** Settings beyond URL and prefix; none by default. */
    protected DepotConfig.Builder configure(DepotConfig.Builder builder) {
        return builder;
    }

    /** A builder for the store under test with the given prefix. */
    protected final DepotConfig.Builder config(String prefix) {
        return configure(DepotConfig.builder().url(storeUrl()).prefix(prefix));
    }

    /** Opens the store under test with the given prefix. */
    protected final Depot open(String prefix) {
        return Depot.open(config(prefix).build());
    }
}
