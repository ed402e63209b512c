package dev.depot.internal.observe;

import dev.depot.spi.DepotObserver.LeaseChange;
import dev.depot.spi.DepotObserver.StoreOp;

/**
 * Commits Depot's JFR events. Each method builds its event only when JFR records it, so with no
 * recording on a call costs one check. Thread-safe; never throws.
 */
public final class JfrEvents {
    private JfrEvents() {}

    public static void slowCall(String store, String map, StoreOp op, long nanos, boolean failed) {
        SlowStoreCallEvent e = new SlowStoreCallEvent();
        if (e.isEnabled()) {
            e.store = store;
            e.map = map;
            e.operation = op.tag();
            e.took = nanos;
            e.failed = failed;
            e.commit();
        }
    }

    public static void migrated(String source, String target, String map, long entries, long nanos) {
        MigrationEvent e = new MigrationEvent();
        if (e.isEnabled()) {
            e.source = source;
            e.target = target;
            e.map = map;
            e.entries = entries;
            e.took = nanos;
            e.commit();
        }
    }

    public static void lease(String store, String prefix, LeaseChange change, String detail) {
        LeaseEvent e = new LeaseEvent();
        if (e.isEnabled()) {
            e.store = store;
            e.prefix = prefix;
            e.change = change.name();
            e.detail = detail;
            e.commit();
        }
    }
}
