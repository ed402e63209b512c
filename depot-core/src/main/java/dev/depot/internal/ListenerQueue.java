package dev.depot.internal;

import dev.depot.MapEvent;
import dev.depot.MapListener;
import dev.depot.MapSubscription;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered {@link MapListener}: a bounded queue filled by writers and feeds, drained by a
 * virtual thread of its own that calls the listener one event at a time.
 *
 * <p>Why drop instead of block: the queue is filled on the writer's thread (local writes) and on
 * the store's feed thread (other processes' writes); waiting there would slow every writer, or
 * stall cache invalidation for every map, because of one slow listener. So when the queue is
 * full, what is queued is dropped and one {@link MapEvent.Kind#GAP} event takes its place; the
 * listener re-reads what matters. Memory stays bounded by {@link #CAPACITY} events.
 *
 * <p>Thread-safe: {@link #offer} may be called from any thread and never blocks beyond a short
 * monitor; {@link #close()} is idempotent and stops delivery before the next event.
 */
final class ListenerQueue<K, V> implements MapSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerQueue.class);
    /**
     * Events a listener may fall behind by before it gets a gap: about 10,000 × 40 bytes (plus
     * the keys, held anyway by the writer) is under a megabyte per listener, and at tens of
     * thousands of writes per second it is a fraction of a second of a stalled listener.
     */
    static final int CAPACITY = 10_000;

    private final String mapName;
    private final MapListener<K, V> listener;
    private final int capacity;
    private final ArrayDeque<MapEvent<K, V>> queue = new ArrayDeque<>();
    private final MapEvent<K, V> gap;
    private final Consumer<ListenerQueue<K, V>> onClose;
    private final Thread thread;
    private boolean closed;
    private long dropped;

    ListenerQueue(String mapName, MapListener<K, V> listener, int capacity, MapEvent<K, V> gap,
            Consumer<ListenerQueue<K, V>> onClose) {
        this.mapName = mapName;
        this.listener = listener;
        this.capacity = capacity;
        this.gap = gap;
        this.onClose = onClose;
        this.thread = Thread.ofVirtual().name("depot-listener-" + mapName).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues the event; when the queue is full, drops what is queued and queues a gap, then the event. */
    synchronized void offer(MapEvent<K, V> event) {
        if (closed) {
            return;
        }
        if (queue.size() >= capacity) {
            dropped += queue.size();
            queue.clear();
            queue.add(gap);
            if (event.kind() == MapEvent.Kind.GAP) {
                notifyAll();
                return;
            }
        }
        queue.add(event);
        notifyAll();
    }

    /** Events dropped so far because the listener fell behind. */
    synchronized long dropped() {
        return dropped;
    }

    private synchronized MapEvent<K, V> next() throws InterruptedException {
        while (queue.isEmpty() && !closed) {
            wait();
        }
        return closed ? null : queue.poll();
    }

    private void run() {
        while (true) {
            MapEvent<K, V> event;
            try {
                event = next();
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                return;
            }
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vm) {
                    throw vm;
                }
                LOG.warn("Listener {} of map '{}' failed on {} event; delivery goes on", listener, mapName, event.kind(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            notifyAll();
        }
        onClose.accept(this);
    }
}
