package dev.depot.testkit;

import dev.depot.DepotConfig;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import dev.depot.spi.StoreProvider;
import dev.depot.spi.StoreUrl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The session lease of an instance on another machine, written straight into a store's
 * metadata the way such an instance writes it: lets lease tests stand for an owner whose
 * process cannot be checked from here, alive (renewing) or dead (not renewing). Not thread-safe.
 */
public final class ForeignLease implements AutoCloseable {
    private static final byte[] KEY = "lease".getBytes(StandardCharsets.UTF_8);

    private final Store store;
    private final String id = "foreign-" + UUID.randomUUID();
    private final Duration ttl;
    private ScheduledExecutorService renewer;

    private ForeignLease(Store store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
    }

    /**
     * Writes, over whatever lease is there, a lease of {@code prefix} held by a process on
     * another machine, valid for {@code ttl} from now.
     */
    public static ForeignLease write(String url, String prefix, Duration ttl) {
        ForeignLease access = write0(url, prefix);
        ForeignLease lease = new ForeignLease(access.store, ttl);
        lease.renewOnce();
        return lease;
    }

    /**
     * Rewrites the pid in the lease of {@code prefix}, as if the recorded owner's pid now
     * belonged to process {@code pid}: what pid reuse looks like after the owner died.
     */
    public static void rewritePid(String url, String prefix, long pid) {
        try (ForeignLease access = write0(url, prefix)) {
            byte[] b = access.store.metadata().get(KEY);
            if (b == null) {
                throw new IllegalStateException("no lease of prefix " + prefix);
            }
            String json = new String(b, StandardCharsets.UTF_8).replaceFirst("\"pid\":\\d+", "\"pid\":" + pid);
            access.store.metadata().set(KEY, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static ForeignLease write0(String url, String prefix) {
        StoreUrl parsed = StoreUrl.parse(url);
        DepotConfig config = DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true).build();
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
            if (p.schemes().contains(parsed.scheme())) {
                return new ForeignLease(p.open(new StoreContext(parsed, config)), Duration.ZERO);
            }
        }
        throw new IllegalStateException("no store module for " + parsed);
    }

    /** Keeps renewing the lease every {@code every}, as a live owner does. */
    public ForeignLease keepRenewing(Duration every) {
        renewer = Executors.newSingleThreadScheduledExecutor();
        renewer.scheduleWithFixedDelay(this::renewOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Writes the lease again, valid for the TTL from now. */
    public void renewOnce() {
        String json = "{\"id\":\"" + id + "\",\"host\":\"other-machine.example\",\"bootId\":\"0000\",\"pidNamespace\":\"pid:[1]\","
                + "\"pid\":4242,\"processStartedAt\":1,\"since\":\"" + Instant.now() + "\",\"expiresAtMillis\":"
                + (System.currentTimeMillis() + ttl.toMillis()) + "}";
        store.metadata().set(KEY, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the stored lease is still this one. */
    public boolean held() {
        byte[] b = store.metadata().get(KEY);
        return b != null && new String(b, StandardCharsets.UTF_8).contains(id);
    }

    /** Stops renewing and closes the store connection; the lease stays as written. */
    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        store.close();
    }
}
