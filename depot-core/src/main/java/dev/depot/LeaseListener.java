package dev.depot;

/**
 * Told when this instance's session lease is lost or regained (see {@link LeaseLostException}).
 * Called on the lease's heartbeat thread; must return quickly and not throw.
 */
public interface LeaseListener {
    /** Ignores every event. */
    LeaseListener NONE = new LeaseListener() {
        @Override
        public void leaseLost(String prefix, String reason, boolean takenOver) {}
    };

    /**
     * Writes now fail with {@link LeaseLostException}.
     *
     * @param takenOver true when another instance owns the prefix now (final); false when the
     *                  lease expired unrenewed and may still be regained
     */
    void leaseLost(String prefix, String reason, boolean takenOver);

    /** An expired lease was renewed after all; writes work again. */
    default void leaseRegained(String prefix) {}
}
