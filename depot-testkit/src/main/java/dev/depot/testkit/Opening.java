package dev.depot.testkit;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StoreUnavailableException;
import java.time.Duration;

/** Opening a Depot in a child process the way a service restarted by its supervisor would. */
public final class Opening {
    private Opening() {}

    /**
     * {@link Depot#open}, tried again every 200 ms while the store is unavailable, for up to
     * {@code within}; then the last {@link StoreUnavailableException} is thrown.
     */
    public static Depot whenReachable(DepotConfig config, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return Depot.open(config);
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
