package dev.depot.internal.memory;

import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreProvider;
import java.util.Set;

/** {@code memory:} (nothing kept) and {@code memory:<folder>} (snapshot in the folder); no parameters. */
public final class MemoryStoreProvider implements StoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public Store open(StoreContext context) {
        if (context.url().hierarchical()) {
            throw new IllegalArgumentException("a memory store URL is memory: or memory:<folder>, not " + context.url());
        }
        if (!context.url().params().isEmpty()) {
            // a parameter meant for another store must not be quietly dropped
            throw new IllegalArgumentException("a memory store URL takes no parameters, but " + context.url() + " has "
                    + context.url().params().keySet());
        }
        return new MemoryStore(context);
    }
}
