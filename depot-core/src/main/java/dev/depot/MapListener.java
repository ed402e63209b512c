package dev.depot;

/**
 * Receives the changes of one map, from this process and (with {@code sharedAccess}) from every
 * other process sharing the store. Registered with {@link DbMap#listen(MapListener)}.
 *
 * <p>Each listener is called on a virtual thread of its own, never on the writer's thread, one
 * event at a time, in commit order per key. Delivery is at least once. A listener that falls
 * behind by more than its queue bound loses events and then receives one
 * {@link MapEvent.Kind#GAP} event in their place. An exception thrown by the listener is logged
 * and the next event is delivered.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface MapListener<K, V> {
    void onEvent(MapEvent<K, V> event);
}
