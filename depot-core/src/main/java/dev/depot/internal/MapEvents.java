package dev.depot.internal;

import dev.depot.MapEvent;
import dev.depot.MapListener;
import dev.depot.MapSubscription;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The listeners of one map ({@link dev.depot.DbMap#listen}) and what hands them events: the map
 * layers for this process's writes, the change feed's router for other processes' writes. With
 * no listener, {@link #active()} is false and writers skip decoding keys for events altogether.
 *
 * <p>Thread-safe. Publishing only queues ({@link ListenerQueue}); it never calls a listener.
 */
final class MapEvents<K, V> {
    private final String mapName;
    private final CopyOnWriteArrayList<Registered<K, V>> listeners = new CopyOnWriteArrayList<>();
    private final int capacity;

    /** One listener and how its events read the key's value. */
    private record Registered<K, V>(ListenerQueue<K, V> queue, Function<K, V> reader) {}

    MapEvents(String mapName) {
        this(mapName, ListenerQueue.CAPACITY);
    }

    /** @param capacity each listener's queue bound (tests use a small one) */
    MapEvents(String mapName, int capacity) {
        this.mapName = mapName;
        this.capacity = capacity;
    }

    /** Registers {@code listener}; its events read values with {@code reader} (the map it was registered on). */
    MapSubscription listen(MapListener<K, V> listener, Function<K, V> reader) {
        Objects.requireNonNull(listener, "listener");
        ListenerQueue<K, V> queue = new ListenerQueue<>(mapName, listener, capacity,
                new Event<>(MapEvent.Kind.GAP, null, false, reader), q -> listeners.removeIf(r -> r.queue() == q));
        listeners.add(new Registered<>(queue, reader));
        queue.start();
        return queue;
    }

    /** Whether anyone listens: when not, callers need not build events. */
    boolean active() {
        return !listeners.isEmpty();
    }

    /** A change of {@code key} ({@code null} for CLEAR and GAP), by this process when {@code local}. */
    void publish(MapEvent.Kind kind, K key, boolean local) {
        for (Registered<K, V> r : listeners) {
            r.queue().offer(new Event<>(kind, key, local, r.reader()));
        }
    }

    /** Tells every listener that events may have been missed. */
    void gap() {
        publish(MapEvent.Kind.GAP, null, false);
    }

    /** Stops every listener (the Depot closes). */
    void closeAll() {
        for (Registered<K, V> r : listeners) {
            r.queue().close();
        }
    }

    /** One event; {@link #value()} reads the map when called. */
    private record Event<K, V>(MapEvent.Kind kind, K key, boolean local, Function<K, V> reader) implements MapEvent<K, V> {
        @Override
        public V value() {
            return key == null ? null : reader.apply(key);
        }

        @Override
        public String toString() {
            return "MapEvent[" + kind + (key == null ? "" : " " + key) + (local ? ", local" : ", remote") + "]";
        }
    }
}
