package dev.depot.spring;

import dev.depot.Depot;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Actuator's {@code depot} health component, from {@link Depot#health()}: details {@code store}
 * (the store without password) and {@code parts}, one entry per part (store, blobs, lease,
 * writeBehind, changeFeed: its status, latency and one-line detail). DOWN when a part other than the change feed is
 * down. A change feed that is {@code DISCONNECTED} leaves the component UP (Depot keeps serving,
 * with caches bounded by {@code invalidationFallbackTtl}) and shows in the details, so a probe
 * does not restart a process over a transient feed outage. Thread-safe.
 */
public class DepotHealthIndicator extends AbstractHealthIndicator {
    private final Depot depot;

    /** @param depot the Depot to check; not closed here */
    public DepotHealthIndicator(Depot depot) {
        super("Depot health check failed");
        this.depot = depot;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        dev.depot.Health health = depot.health();
        boolean up = true;
        Map<String, Object> parts = new LinkedHashMap<>();
        for (dev.depot.Health.Part part : health.parts()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", part.status().name());
            detail.put("latencyMicros", part.latency().toNanos() / 1_000);
            detail.put("detail", part.detail());
            parts.put(part.name(), detail);
            up &= part.status() == dev.depot.Health.Status.UP || part.name().equals("changeFeed");
        }
        builder.withDetail("store", depot.storeDescription()).withDetail("parts", parts);
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
