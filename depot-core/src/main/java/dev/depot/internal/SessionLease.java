package dev.depot.internal;

import dev.depot.DepotConfig;
import dev.depot.DepotException;
import dev.depot.LeaseListener;
import dev.depot.LeaseLostException;
import dev.depot.SessionLockedException;
import dev.depot.internal.observe.JfrEvents;
import dev.depot.spi.Backoff;
import dev.depot.spi.DepotObserver;
import dev.depot.spi.DepotObserver.LeaseChange;
import dev.depot.spi.RawMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance owns a prefix at a time, and writes only while it does.
 *
 * <p>Design note. The lease is one entry, {@code lease}, in the prefix's metadata map: the
 * owner ({@link ProcessIdentity} and a random id), since when, and until when. It is taken with
 * {@code putIfAbsent}, taken over with {@code replace(k, seenBytes, mine)}, renewed by a
 * heartbeat every third of the TTL with the same compare-and-set, and released on close with
 * {@code remove(k, mine)}: the store's own atomic operations, so it works the same on every
 * store and between machines, relying on clocks agreeing to within a fraction of the TTL.
 *
 * <p>Taking over. An expired lease is taken at once. An unexpired lease whose owner ran on this
 * machine (same host, boot and pid namespace) is taken at once when that process no longer runs
 * (pid gone, or the pid now belongs to a process started at another time), which is what makes
 * a restart right after a crash work. An owner elsewhere cannot be checked: {@code open} waits
 * up to {@code leaseWait} for its lease to lapse, and fails with {@link SessionLockedException}
 * as soon as it sees the lease renewed, since only a live owner renews.
 *
 * <p>Fencing. Writes call {@link #checkWritable()}: they fail with {@link LeaseLostException}
 * once another instance has taken the lease, and while the lease is within a margin of its
 * expiry unrenewed (the store unreachable), the margin being the smaller of the operation
 * timeout and a third of the TTL, so a write that passes the check reaches the store before the
 * lease could be taken over by a clock that agrees with ours.
 */
final class SessionLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLease.class);
    private static final byte[] KEY = "lease".getBytes(StandardCharsets.UTF_8);

    /** The stored form. */
    record Owner(String id, String host, String bootId, String pidNamespace, long pid, long processStartedAt, String since,
                 long expiresAtMillis) {
        String describe() {
            return "host " + host + ", pid " + pid + ", since " + since;
        }

        ProcessIdentity process() {
            return new ProcessIdentity(host, bootId, pidNamespace, pid, processStartedAt);
        }

        Owner expiringIn(Duration ttl) {
            return new Owner(id, host, bootId, pidNamespace, pid, processStartedAt, since, System.currentTimeMillis() + ttl.toMillis());
        }
    }

    private final RawMap meta;
    private final Duration ttl;
    private final long marginMillis;
    private final String prefix;
    private final String description;
    private final Owner template;
    private final LeaseListener listener;
    private final DepotObserver observer;
    /** The last change reported to the observer and JFR, for health. */
    private volatile LeaseChange state = LeaseChange.ACQUIRED;
    private final ScheduledExecutorService heartbeat;
    private volatile byte[] current;
    private volatile long validUntil;
    private volatile String takenBy;
    private volatile boolean reportedExpired;

    private SessionLease(RawMap meta, DepotConfig config, String description, Owner mine, byte[] current) {
        this.meta = meta;
        this.ttl = config.leaseTtl();
        this.marginMillis = Math.min(config.operationTimeout().toMillis(), ttl.toMillis() / 3);
        this.prefix = config.prefix();
        this.description = description;
        this.template = mine;
        this.listener = config.leaseListener();
        this.observer = config.observer();
        this.current = current;
        this.validUntil = mine.expiresAtMillis();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "depot-lease");
            t.setDaemon(true);
            return t;
        });
        report(LeaseChange.ACQUIRED, "by " + mine.describe());
        long every = Math.max(100, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the prefix's lease, waiting up to {@link DepotConfig#leaseWait()} for the lease of an
     * owner on another machine to lapse.
     *
     * @throws SessionLockedException when a live instance holds it
     */
    static SessionLease acquire(RawMap meta, DepotConfig config, String description) {
        ProcessIdentity me = ProcessIdentity.current();
        String prefix = config.prefix();
        Owner mine = new Owner(UUID.randomUUID().toString(), me.host(), me.bootId(), me.pidNamespace(), me.pid(), me.startedAt(),
                Instant.now().toString(), 0);
        long deadline = System.nanoTime() + config.leaseWait().toNanos();
        byte[] seen = null;
        boolean logged = false;
        for (int raced = 0; raced < 20; ) {
            Owner attempt = mine.expiringIn(config.leaseTtl());
            byte[] bytes = encode(attempt);
            byte[] held = meta.get(KEY);
            if (held == null) {
                if (meta.putIfAbsent(KEY, bytes) == null) {
                    return new SessionLease(meta, config, description, attempt, bytes);
                }
                raced++;
                continue;
            }
            Owner owner = decode(held);
            String takeOver = owner == null ? "an unreadable lease"
                    : owner.expiresAtMillis() < System.currentTimeMillis() ? "the expired lease of " + owner.describe()
                    : owner.process().checkableFrom(me) && !owner.process().isRunning()
                    ? "the lease of " + owner.describe() + ", which no longer runs" : null;
            if (takeOver != null) {
                if (meta.replace(KEY, held, bytes)) {
                    LOG.info("Took over {} for prefix '{}' in {}", takeOver, prefix, description);
                    return new SessionLease(meta, config, description, attempt, bytes);
                }
                raced++;
                continue;
            }
            if (owner.process().checkableFrom(me)) {
                throw locked(prefix, description, owner, "a running process on this machine");
            }
            if (seen != null && !Arrays.equals(seen, held)) {
                throw locked(prefix, description, owner, "an instance on another machine that renews its lease");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw locked(prefix, description, owner, "an instance on another machine whose lease did not lapse within "
                        + config.leaseWait().toMillis() + " ms (leaseWait)");
            }
            if (!logged) {
                logged = true;
                LOG.info("Prefix '{}' in {} is leased by {} on another machine until {}; waiting up to {} ms for the lease to lapse",
                        prefix, description, owner.describe(), Instant.ofEpochMilli(owner.expiresAtMillis()), left / 1_000_000);
            }
            seen = held;
            Backoff.sleep(Math.min(250, Math.max(1, left / 1_000_000)), "waiting for the lease");
        }
        throw new DepotException("could not take the lease of prefix '" + prefix + "' in " + description
                + ": it changed hands repeatedly; try again");
    }

    private static SessionLockedException locked(String prefix, String description, Owner owner, String who) {
        return new SessionLockedException("prefix '" + prefix + "' in " + description + " is in use by " + owner.describe()
                + ", " + who + " (lease valid until " + Instant.ofEpochMilli(owner.expiresAtMillis()) + "). Stop that instance"
                + " first; processes that mean to share the maps open them with sharedAccess(true)", owner.describe());
    }

    /**
     * Fails unless this instance may write now.
     *
     * @throws LeaseLostException when the lease was taken over, or is about to expire unrenewed
     */
    void checkWritable() {
        String by = takenBy;
        if (by != null) {
            throw new LeaseLostException("prefix '" + prefix + "' in " + description + " was taken over by " + by
                    + "; this instance no longer owns it and writes nothing more. Close it", true);
        }
        long until = validUntil;
        if (System.currentTimeMillis() >= until - marginMillis) {
            throw new LeaseLostException("the lease of prefix '" + prefix + "' in " + description + " expires at "
                    + Instant.ofEpochMilli(until) + " and could not be renewed (is the store reachable?); writes resume once it"
                    + " is renewed", false);
        }
    }

    /** True when another instance took the prefix over. */
    boolean takenOver() {
        return takenBy != null;
    }

    private void renew() {
        byte[] held = current;
        if (held == null || takenBy != null) {
            return;
        }
        Owner next = template.expiringIn(ttl);
        byte[] bytes = encode(next);
        try {
            if (!meta.replace(KEY, held, bytes)) {
                // A renewal that timed out may still have been applied: the lease is then ours with other bytes.
                byte[] now = meta.get(KEY);
                Owner owner = now == null ? null : decode(now);
                if (owner == null || !owner.id().equals(template.id())) {
                    lost(owner == null ? "nobody (the lease was removed)" : owner.describe());
                    return;
                }
                if (!meta.replace(KEY, now, bytes)) {
                    return; // try again at the next beat
                }
            }
            current = bytes;
            validUntil = next.expiresAtMillis();
            // A renewal that took most of the TTL leaves the lease still too close to expiry to write.
            if (reportedExpired && System.currentTimeMillis() < validUntil - marginMillis) {
                reportedExpired = false;
                LOG.info("The session lease of prefix '{}' in {} is renewed; writes work again", prefix, description);
                report(LeaseChange.REGAINED, "renewed until " + Instant.ofEpochMilli(validUntil));
                listener.leaseRegained(prefix);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the session lease of prefix '{}' in {}: {}", prefix, description, e.getMessage());
            if (!reportedExpired && System.currentTimeMillis() >= validUntil - marginMillis) {
                reportedExpired = true;
                String reason = "the lease could not be renewed before " + Instant.ofEpochMilli(validUntil);
                LOG.error("Writes to prefix '{}' in {} now fail: {}", prefix, description, reason);
                report(LeaseChange.EXPIRED, reason);
                listener.leaseLost(prefix, reason, false);
            }
        }
    }

    private void lost(String by) {
        takenBy = by;
        current = null;
        String reason = "taken over by " + by;
        LOG.error("The session lease of prefix '{}' in {} was {}: this instance no longer owns the prefix, and its writes fail",
                prefix, description, reason);
        report(LeaseChange.LOST, reason);
        listener.leaseLost(prefix, reason, true);
    }

    /** Tells the observer and JFR; an observer's failure must not stop the heartbeat. */
    private void report(LeaseChange change, String detail) {
        state = change;
        JfrEvents.lease(description, prefix, change, detail);
        try {
            observer.leaseChanged(prefix, change);
        } catch (RuntimeException e) {
            LOG.warn("The observer failed on a lease change of prefix '{}': {}", prefix, e.toString());
        }
    }

    /** The last change of this lease: ACQUIRED or REGAINED while it is held. */
    LeaseChange state() {
        return state;
    }

    /** Until when the lease is valid unless renewed (epoch millis). */
    long validUntilMillis() {
        return validUntil;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        byte[] held = current;
        current = null;
        if (held != null) {
            report(LeaseChange.RELEASED, "closed");
        }
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

    /**
     * Releases the stored lease when it is this instance's under other bytes: a renewal that
     * timed out may have been applied once the store answered again.
     */
    private void removeOwn() {
        byte[] stored = meta.get(KEY);
        Owner owner = stored == null ? null : decode(stored);
        if (owner != null && owner.id().equals(template.id())) {
            meta.remove(KEY, stored);
        }
    }

    private static byte[] encode(Owner o) {
        return DepotJson.write(o, "the lease");
    }

    private static Owner decode(byte[] bytes) {
        try {
            Owner o = DepotJson.MAPPER.readValue(bytes, Owner.class);
            return o.id() == null ? null : o;
        } catch (IOException e) {
            return null; // unreadable: treat as expired so it can be replaced
        }
    }

}
