package dev.depot.internal;

import dev.depot.spi.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread per Depot that flushes its write-behind maps every flush interval. A map
 * whose flush fails is retried with exponential backoff (up to 30 s, jittered; see {@link Backoff}) and a single warning per
 * failure streak; its entries stay buffered meanwhile.
 */
final class WriteBehindFlusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindFlusher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String description;
    private final Map<WriteBehindRawMap, String> maps = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    WriteBehindFlusher(String description) {
        this.description = description;
    }

    synchronized void register(String name, WriteBehindRawMap map, Duration interval) {
        maps.put(map, name);
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "depot-write-behind");
                t.setDaemon(true);
                return t;
            });
        }
        long ms = Math.max(1, interval.toMillis());
        executor.schedule(new Task(name, map, ms), ms, TimeUnit.MILLISECONDS);
        AtomicBoolean requested = new AtomicBoolean();
        map.onPressure(() -> {
            if (requested.compareAndSet(false, true)) {
                flushNow(map, requested);
            }
        });
    }

    /** An extra flush on the flusher's thread; a failure is left to the scheduled task's retries. */
    private synchronized void flushNow(WriteBehindRawMap map, AtomicBoolean requested) {
        if (executor == null || executor.isShutdown()) {
            requested.set(false);
            return;
        }
        executor.execute(() -> {
            requested.set(false);
            try {
                map.flush();
            } catch (RuntimeException e) {
                LOG.debug("Early write-behind flush in {} failed; the scheduled flush retries", description, e);
            }
        });
    }

    /** Flushes every map now; the first failure is thrown after all maps were tried. */
    void flushAll() {
        RuntimeException first = null;
        for (WriteBehindRawMap map : maps.keySet()) {
            try {
                map.flush();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The registered maps and their names. */
    Map<WriteBehindRawMap, String> maps() {
        return Map.copyOf(maps);
    }

    int dirtyCount() {
        return maps.keySet().stream().mapToInt(WriteBehindRawMap::dirtyCount).sum();
    }

    @Override
    public void close() {
        close(false);
    }

    /** Stops flushing and closes the maps' journals; {@code discard} deletes what they hold (the prefix was taken over). */
    synchronized void close(boolean discard) {
        if (executor != null) {
            executor.shutdownNow();
        }
        maps.keySet().forEach(map -> map.closeJournal(discard));
    }

    private final class Task implements Runnable {
        private final String name;
        private final WriteBehindRawMap map;
        private final long intervalMs;
        /** Retries start one interval apart and double up to {@link #MAX_BACKOFF}. */
        private final Backoff backoff;
        private int failures;

        Task(String name, WriteBehindRawMap map, long intervalMs) {
            this.name = name;
            this.map = map;
            this.intervalMs = intervalMs;
            Duration first = Duration.ofMillis(intervalMs);
            this.backoff = Backoff.exponential(first.compareTo(MAX_BACKOFF) < 0 ? first : MAX_BACKOFF, MAX_BACKOFF);
        }

        @Override
        public void run() {
            long next = intervalMs;
            try {
                map.flush();
                if (failures > 0) {
                    LOG.info("Write-behind of map '{}' in {} is flushing again", name, description);
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (failures == 0) {
                    LOG.warn("Write-behind flush of map '{}' in {} failed; {} entries kept and retried: {}", name, description,
                            map.dirtyCount(), e.getMessage());
                }
                failures++;
                next = Math.max(1, backoff.delay(failures).toMillis());
            }
            synchronized (WriteBehindFlusher.this) {
                if (executor != null && !executor.isShutdown()) {
                    executor.schedule(this, next, TimeUnit.MILLISECONDS);
                }
            }
        }
    }
}
