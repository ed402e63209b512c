package dev.depot;

/** A registered {@link MapListener}; {@link #close()} stops its delivery. Idempotent. */
public interface MapSubscription extends AutoCloseable {
    @Override
    void close();
}
