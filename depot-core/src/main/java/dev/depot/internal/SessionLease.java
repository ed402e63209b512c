package dev.depot.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.DepotException;
import dev.depot.SessionLockedException;
import dev.depot.spi.RawMap;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance owns a prefix at a time.
 *
 * <p>Design note. The lease is one entry, {@code lease}, in the prefix's metadata map: the
 * owner (host, pid, a random id), since when, and until when. It is taken with
 * {@code putIfAbsent}, taken over from an expired owner with {@code replace(k, expiredBytes,
 * mine)}, renewed by a heartbeat every third of the TTL with the same compare-and-set, and
 * released on close with {@code remove(k, mine)}. Because these are the store's own atomic
 * operations (SQL conditional statements, Redis scripts), the lease works the same on every
 * store and between processes on different machines; it relies on clocks agreeing to within a
 * fraction of the TTL. A renewal that fails (a store that stops answering fails each operation
 * after {@code operationTimeout}) is tried again at the next beat; since a failed write may still
 * be applied later, the next renewal accepts the stored lease as its own by the owner's random
 * id, not only by the bytes it last wrote. An owner that dies stops renewing and its lease
 * expires. The memory store, which no other process can reach, locks its snapshot folder instead.
 */
final class SessionLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLease.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "lease".getBytes(StandardCharsets.UTF_8);

    /** The stored form. */
    record Owner(String id, String host, long pid, String since, long expiresAtMillis) {
        String describe() {
            return "host " + host + ", pid " + pid + ", since " + since;
        }
    }

    private final RawMap meta;
    private final Duration ttl;
    private final String description;
    private final Owner template;
    private final ScheduledExecutorService heartbeat;
    private volatile byte[] current;

    private SessionLease(RawMap meta, Duration ttl, String description, Owner template, byte[] current) {
        this.meta = meta;
        this.ttl = ttl;
        this.description = description;
        this.template = template;
        this.current = current;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "depot-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the prefix's lease.
     *
     * @throws SessionLockedException when another live instance holds it
     */
    static SessionLease acquire(RawMap meta, Duration ttl, String prefix, String description) {
        Owner me = new Owner(UUID.randomUUID().toString(), host(), ProcessHandle.current().pid(), Instant.now().toString(), 0);
        for (int attempt = 0; attempt < 5; attempt++) {
            byte[] mine = encode(me, ttl);
            byte[] held = meta.get(KEY);
            if (held == null) {
                if (meta.putIfAbsent(KEY, mine) == null) {
                    return new SessionLease(meta, ttl, description, me, mine);
                }
                continue;
            }
            Owner owner = decode(held);
            if (owner == null || owner.expiresAtMillis() < System.currentTimeMillis()) {
                if (meta.replace(KEY, held, mine)) {
                    if (owner != null) {
                        LOG.info("Took over the expired lease of prefix '{}' in {} from {}", prefix, description, owner.describe());
                    }
                    return new SessionLease(meta, ttl, description, me, mine);
                }
                continue;
            }
            throw new SessionLockedException("prefix '" + prefix + "' in " + description + " is in use by " + owner.describe()
                    + " (lease valid until " + Instant.ofEpochMilli(owner.expiresAtMillis()) + "). Stop that instance, or wait"
                    + " for its lease to expire if it died; processes that mean to share the maps open them with"
                    + " sharedAccess(true)", owner.describe());
        }
        throw new DepotException("could not take the lease of prefix '" + prefix + "' in " + description
                + ": it changed hands repeatedly; try again");
    }

    private void renew() {
        byte[] held = current;
        if (held == null) {
            return;
        }
        byte[] next = encode(template, ttl);
        try {
            if (meta.replace(KEY, held, next) || replaceOwn(next)) {
                current = next;
            } else {
                current = null;
                LOG.error("The session lease in {} was taken by another instance: this instance no longer owns its prefix",
                        description);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the session lease in {}: {}", description, e.getMessage());
        }
    }

    /**
     * Replaces the stored lease with {@code next} when it is still this instance's, though not the
     * bytes it last knew of: a renewal that failed with a timeout may have been applied once the
     * store answered again (a failed write may or may not have been applied), and without this
     * check the owner would take its own renewal for another instance's takeover.
     */
    private boolean replaceOwn(byte[] next) {
        byte[] stored = meta.get(KEY);
        Owner owner = stored == null ? null : decode(stored);
        return owner != null && owner.id().equals(template.id()) && meta.replace(KEY, stored, next);
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        byte[] held = current;
        current = null;
        if (held != null) {
            try {
                if (!meta.remove(KEY, held)) {
                    removeOwn();
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not release the session lease in {}; it expires in {}", description, ttl);
            }
        }
    }

    /** Releases the stored lease when it is this instance's under other bytes (see {@link #replaceOwn}). */
    private void removeOwn() {
        byte[] stored = meta.get(KEY);
        Owner owner = stored == null ? null : decode(stored);
        if (owner != null && owner.id().equals(template.id())) {
            meta.remove(KEY, stored);
        }
    }

    private static byte[] encode(Owner o, Duration ttl) {
        try {
            return JSON.writeValueAsBytes(new Owner(o.id(), o.host(), o.pid(), o.since(), System.currentTimeMillis() + ttl.toMillis()));
        } catch (IOException e) {
            throw new DepotException("cannot write the lease", e);
        }
    }

    private static Owner decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Owner.class);
        } catch (IOException e) {
            return null; // unreadable: treat as expired so it can be replaced
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
