package dev.depot.spring;

import dev.depot.ChangeFeedState;
import dev.depot.Depot;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Actuator's {@code depot} health component: UP when a read of the store's metadata answers
 * (details: the store without password, the read's latency, the change feed's state), DOWN with
 * the error when it fails. A change feed that is {@code DISCONNECTED} leaves the component UP
 * (Depot keeps serving, with caches bounded by {@code invalidationFallbackTtl}) and shows in the
 * details, so a probe does not restart a process over a transient feed outage. Thread-safe.
 */
public class DepotHealthIndicator extends AbstractHealthIndicator {
    /**
     * A map name no application creates: {@code Depot.mapInfo} of an unknown name reads the
     * store's metadata each time, so this is a real round trip (a known map would be answered
     * from memory).
     */
    static final String PROBE = "depot_health_probe_never_created";

    private final Depot depot;

    /** @param depot the Depot to check; not closed here */
    public DepotHealthIndicator(Depot depot) {
        super("Depot health check failed");
        this.depot = depot;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        // TODO(issue 16 point 3): once Depot.health() exists (another change is adding it), report its parts
        // (store, blob store, lease, write-behind backlog) with their latency here instead of this one probe.
        long start = System.nanoTime();
        depot.mapInfo(PROBE);
        long micros = (System.nanoTime() - start) / 1_000;
        ChangeFeedState feed = depot.changeFeedState();
        builder.up()
                .withDetail("store", depot.storeDescription())
                .withDetail("storeLatencyMicros", micros)
                .withDetail("changeFeed", feed.name());
    }
}
