package dev.depot;

/**
 * A write through a {@link Depot} that no longer holds its prefix's session lease: another
 * instance took the prefix over, or the lease could not be renewed before it expired (the
 * store was unreachable for longer than {@link DepotConfig#leaseTtl()}). Nothing was written.
 *
 * <p>{@link #takenOver()} tells the two apart: a lease taken over never comes back (close this
 * Depot); an expired one is renewed by the heartbeat once the store answers again, if no other
 * instance took the prefix meanwhile, and writes then work again.
 */
public class LeaseLostException extends DepotException {
    private static final long serialVersionUID = 1L;
    private final boolean takenOver;

    public LeaseLostException(String message, boolean takenOver) {
        super(message);
        this.takenOver = takenOver;
    }

    /** True when another instance owns the prefix now; false when the lease only expired. */
    public boolean takenOver() {
        return takenOver;
    }
}
