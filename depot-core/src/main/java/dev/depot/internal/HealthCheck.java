package dev.depot.internal;

import dev.depot.ChangeFeedState;
import dev.depot.Health;
import dev.depot.Health.Part;
import dev.depot.Health.Status;
import dev.depot.spi.DepotObserver.LeaseChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The checks behind {@code Depot.health()}: each returns a {@link Part} and never throws. Round
 * trips run on a virtual thread and are waited for at most the timeout, so a hung store makes the
 * check DOWN in time even where the driver's own timeout is longer.
 */
final class HealthCheck {
    /** A write-behind buffer this full is DOWN: writers are about to wait. */
    private static final double FULL = 0.9;

    private HealthCheck() {}

    /** Runs {@code call} (a round trip) within {@code timeout}; UP with {@code upDetail}, else DOWN with the failure. */
    static Part ping(String name, Duration timeout, Runnable call, String upDetail, dev.depot.spi.SecretMasker masker) {
        long t = System.nanoTime();
        CompletableFuture<Void> f = AsyncExecutor.supply(() -> {
            call.run();
            return null;
        });
        try {
            f.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return new Part(name, Status.UP, since(t), upDetail);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Part(name, Status.DOWN, since(t), "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Part(name, Status.DOWN, since(t), masker.scrub(describe(cause)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Part(name, Status.DOWN, since(t), "interrupted");
        }
    }

    /** The exception's simple type and first line: Depot's messages mask passwords already. */
    static String describe(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return e.getClass().getSimpleName() + (m.isBlank() ? "" : ": " + dev.depot.spi.SecretMasker.maskUrlText(m));
    }

    static Part lease(SessionLease lease, boolean shared) {
        long t = System.nanoTime();
        if (lease == null) {
            return new Part("lease", Status.UP, since(t), shared ? "none: opened with shared access"
                    : "none: the store keeps other instances off the prefix itself");
        }
        LeaseChange state = lease.state();
        try {
            lease.checkWritable();
        } catch (RuntimeException e) {
            return new Part("lease", Status.DOWN, since(t), state.name().toLowerCase() + ": " + describe(e));
        }
        return new Part("lease", Status.UP, since(t), "held until " + Instant.ofEpochMilli(lease.validUntilMillis()));
    }

    static Part writeBehind(Map<WriteBehindRawMap, String> maps) {
        long t = System.nanoTime();
        if (maps.isEmpty()) {
            return new Part("writeBehind", Status.UP, since(t), "no write-behind map open");
        }
        long dirty = 0;
        Duration oldest = Duration.ZERO;
        StringBuilder down = new StringBuilder();
        for (Map.Entry<WriteBehindRawMap, String> e : maps.entrySet()) {
            WriteBehindRawMap m = e.getKey();
            int n = m.dirtyCount();
            dirty += n;
            Duration age = m.oldestDirtyAge();
            oldest = age.compareTo(oldest) > 0 ? age : oldest;
            if (m.failing()) {
                down.append(down.isEmpty() ? "" : "; ").append("map '").append(e.getValue()).append("': the last flush failed");
            } else if (n >= m.maxDirty() * FULL) {
                down.append(down.isEmpty() ? "" : "; ").append("map '").append(e.getValue()).append("': buffer ").append(n)
                        .append(" of ").append(m.maxDirty());
            }
        }
        String backlog = dirty + " entries waiting, the oldest for " + oldest.toMillis() + " ms";
        return down.isEmpty() ? new Part("writeBehind", Status.UP, since(t), backlog)
                : new Part("writeBehind", Status.DOWN, since(t), down + " (" + backlog + ")");
    }

    static Part changeFeed(ChangeFeedState state) {
        long t = System.nanoTime();
        return switch (state) {
            case NONE -> new Part("changeFeed", Status.UP, since(t), "none: not shared, or the store has no feed");
            case CONNECTED -> new Part("changeFeed", Status.UP, since(t), "connected");
            case DISCONNECTED -> new Part("changeFeed", Status.DOWN, since(t),
                    "disconnected: reconnecting; caches keep values at most invalidationFallbackTtl");
        };
    }

    private static Duration since(long t) {
        return Duration.ofNanos(System.nanoTime() - t);
    }

    static Health of(java.util.List<Part> parts) {
        return Health.of(parts);
    }
}
