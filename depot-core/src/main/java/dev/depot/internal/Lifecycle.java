package dev.depot.internal;

/** Whether the owning Depot is still open; every map checks it before touching the store. */
public final class Lifecycle {
    private volatile boolean closed;
    private final String description;

    public Lifecycle(String description) {
        this.description = description;
    }

    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Depot for " + description + " is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Marks closed; true the first time only. */
    synchronized boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }
}
