package dev.depot;

/**
 * Another running instance owns the prefix. The message names the owner; the lease expires
 * when the owner stops renewing it, after which {@code open} succeeds.
 */
public class SessionLockedException extends DepotException {
    private static final long serialVersionUID = 1L;
    private final String owner;

    public SessionLockedException(String message, String owner) {
        super(message);
        this.owner = owner;
    }

    /** Who holds the lease, as the owner described itself (host, pid, since when). */
    public String owner() {
        return owner;
    }
}
