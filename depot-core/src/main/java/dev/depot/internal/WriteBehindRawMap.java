package dev.depot.internal;

import dev.depot.StoreUnavailableException;
import dev.depot.spi.ByteKey;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Write-behind in front of a store's {@link RawMap}: plain writes land in a buffer and return;
 * {@link #flush()} (run every flush interval by {@link WriteBehindFlusher}, and on
 * {@code Depot.flush()}/{@code close()}) writes them in batches.
 *
 * <p>This class is long because the buffer, the in-flight batch and the flush are one
 * consistency argument (the design note below) that reads best in one place.
 *
 * <p>Design note. The buffer keeps only the latest write per key (a value or a tombstone), so
 * each flush writes every dirty key once and the last write wins, which keeps the order per
 * key. Flushes are serialized by {@code flushLock}: a key written while a flush is in flight
 * goes to the next flush, which runs strictly after. The batch being written stays readable
 * ({@code inFlight}) until it is in the store. When a flush fails, every entry of the batch
 * that was not overwritten meanwhile goes back into the buffer, so nothing is dropped while the
 * store is down; rewriting entries that did reach the store is harmless. When the buffer holds
 * half of {@code maxDirty} keys, a flush starts at once instead of at the next interval; when it
 * holds {@code maxDirty} keys (the batch being flushed included), writers wait for a flush
 * (back-pressure) and, if the store stays
 * unreachable for {@code maxWait}, get {@link StoreUnavailableException} and their write is
 * not taken. Conditional operations, size, scans and clear flush first and then go to the
 * store, so they stay atomic and exact.
 *
 * <p>With a {@link WriteJournal} (journaled write-behind), each buffered write is also appended to
 * the journal inside the same lock (so the journal's order per key is the buffer's) and the
 * writer returns once the journal has it on disk; the journal starts a new segment when a flush
 * takes the buffer and drops the older segments once that flush is in the store. The journal is
 * read back into the buffer when the map is opened again, so a killed process loses nothing it
 * acknowledged.
 */
final class WriteBehindRawMap implements RawMap {
    /** Marks a buffered removal. Compared by identity. */
    private static final byte[] TOMBSTONE = new byte[0];

    private final RawMap store;
    private final int maxDirty;
    private final int batchSize;
    private final int parallelism;
    private final Duration maxWait;
    private final String description;
    /** Null unless the map is journaled. */
    private final WriteJournal journal;
    private final Object lock = new Object();
    private final Object flushLock = new Object();
    private HashMap<ByteKey, byte[]> dirty = new HashMap<>();
    private Map<ByteKey, byte[]> inFlight = Map.of();
    /** When the oldest entry of {@link #dirty} / {@link #inFlight} was buffered (System.nanoTime); guarded by {@link #lock}. */
    private long dirtySince;
    private long inFlightSince;
    /** Flushes that wrote something, and flushes that failed: for an observer. */
    private final java.util.concurrent.atomic.AtomicLong flushes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong flushFailures = new java.util.concurrent.atomic.AtomicLong();
    /** Whether the last flush failed (its entries wait for the retry): for health. */
    private volatile boolean failing;
    /** Asks the flusher for a flush now rather than at the next interval; set by the flusher. */
    private volatile Runnable flushSoon = () -> {};

    WriteBehindRawMap(RawMap store, int maxDirty, int batchSize, int parallelism, Duration maxWait, String description) {
        this(store, maxDirty, batchSize, parallelism, maxWait, description, null);
    }

    /** A journaled map: what {@code journal} holds from an earlier run is buffered again at once. */
    WriteBehindRawMap(RawMap store, int maxDirty, int batchSize, int parallelism, Duration maxWait, String description,
                      WriteJournal journal) {
        this.store = store;
        this.parallelism = parallelism;
        this.maxDirty = maxDirty;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.description = description;
        this.journal = journal;
        if (journal != null) {
            journal.recover((key, value) -> dirty.put(key, value == null ? TOMBSTONE : value));
            dirtySince = System.nanoTime();
        }
    }

    /** Closes the journal, if any; {@code discard} also deletes what it holds (another instance took the prefix over). */
    void closeJournal(boolean discard) {
        if (journal != null) {
            if (discard) {
                journal.deleteBefore(Long.MAX_VALUE);
            }
            journal.close();
        }
    }

    void onPressure(Runnable flushSoon) {
        this.flushSoon = flushSoon;
    }

    /** Number of writes not yet in the store. */
    int dirtyCount() {
        synchronized (lock) {
            return dirty.size() + inFlight.size();
        }
    }

    /** The buffer's counts, for an observer. */
    dev.depot.spi.DepotObserver.WriteBehindView view() {
        return new dev.depot.spi.DepotObserver.WriteBehindView() {
            @Override
            public long dirtyEntries() {
                return dirtyCount();
            }

            @Override
            public long flushBatches() {
                return flushes.get();
            }

            @Override
            public long flushFailures() {
                return flushFailures.get();
            }

            @Override
            public Duration oldestDirtyAge() {
                return WriteBehindRawMap.this.oldestDirtyAge();
            }
        };
    }

    /** Whether the last flush failed. */
    boolean failing() {
        return failing;
    }

    int maxDirty() {
        return maxDirty;
    }

    /** How long the oldest write not yet in the store has waited; zero when none waits. */
    Duration oldestDirtyAge() {
        long since;
        synchronized (lock) {
            if (!inFlight.isEmpty()) {
                since = inFlightSince; // older than anything in dirty
            } else if (!dirty.isEmpty()) {
                since = dirtySince;
            } else {
                return Duration.ZERO;
            }
        }
        return Duration.ofNanos(Math.max(0, System.nanoTime() - since));
    }

    private void buffer(byte[] key, byte[] value) {
        ByteKey k = new ByteKey(key.clone());
        boolean pressure;
        long sequence;
        synchronized (lock) {
            long deadline = System.nanoTime() + maxWait.toNanos();
            // The batch being flushed counts too: if that flush fails, its entries come back.
            while (dirty.size() + inFlight.size() >= maxDirty && !dirty.containsKey(k)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StoreUnavailableException("write-behind buffer of " + description + " is full (" + maxDirty
                            + " unflushed entries) and the store did not take them within " + maxWait
                            + "; this write was not taken", null);
                }
                flushSoon.run(); // a full buffer need not wait for the interval
                try {
                    lock.wait(Math.max(1, Math.min(100, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted while waiting for room in the write-behind buffer of "
                            + description, e);
                }
            }
            byte[] copy = value == TOMBSTONE ? TOMBSTONE : value.clone();
            sequence = journal == null ? 0 : journal.append(k.bytes(), copy == TOMBSTONE ? null : copy);
            if (dirty.isEmpty()) {
                dirtySince = System.nanoTime();
            }
            dirty.put(k, copy);
            pressure = dirty.size() == Math.max(1, maxDirty / 2);
        }
        if (pressure) {
            flushSoon.run(); // half full: write a batch now, before writers have to wait
        }
        if (journal != null) {
            journal.awaitDurable(sequence); // outside the lock: concurrent writers share one fsync
        }
    }

    /** The buffered state of a key: a value, {@link #TOMBSTONE}, or null when nothing is buffered. */
    private byte[] buffered(byte[] key) {
        ByteKey k = new ByteKey(key);
        synchronized (lock) {
            byte[] v = dirty.get(k);
            return v != null ? v : inFlight.get(k);
        }
    }

    /** Writes everything buffered so far to the store; throws when the store fails, keeping the entries. */
    void flush() {
        synchronized (flushLock) {
            Map<ByteKey, byte[]> batch;
            long segment;
            synchronized (lock) {
                if (dirty.isEmpty()) {
                    return;
                }
                // Before taking the buffer, so a journal failure leaves the buffer as it was.
                segment = journal == null ? 0 : journal.roll();
                batch = dirty;
                inFlight = batch;
                inFlightSince = dirtySince;
                dirty = new HashMap<>();
                lock.notifyAll();
            }
            boolean done = false;
            try {
                // Each key is in the batch once, so its order against other keys does not matter;
                // key order gives the store locality (B-tree pages, row locks taken in one order).
                List<Map.Entry<ByteKey, byte[]>> sorted = new ArrayList<>(batch.entrySet());
                sorted.sort(Map.Entry.comparingByKey());
                List<List<RawEntry>> chunks = new ArrayList<>();
                List<RawEntry> puts = new ArrayList<>(Math.min(batch.size(), batchSize));
                for (Map.Entry<ByteKey, byte[]> e : sorted) {
                    if (e.getValue() == TOMBSTONE) {
                        store.delete(e.getKey().bytes());
                    } else {
                        puts.add(new RawEntry(e.getKey().bytes(), e.getValue()));
                        if (puts.size() == batchSize) {
                            chunks.add(puts);
                            puts = new ArrayList<>(batchSize);
                        }
                    }
                }
                if (!puts.isEmpty()) {
                    chunks.add(puts);
                }
                writeChunks(chunks);
                done = true;
                flushes.incrementAndGet();
                failing = false;
                if (journal != null) {
                    journal.deleteBefore(segment); // their writes are all in the store now
                }
            } finally {
                if (!done) {
                    flushFailures.incrementAndGet();
                    failing = true;
                }
                synchronized (lock) {
                    if (!done) {
                        // Put back what was not overwritten meanwhile; newer writes win.
                        HashMap<ByteKey, byte[]> merged = new HashMap<>(batch);
                        merged.putAll(dirty);
                        dirtySince = dirty.isEmpty() ? inFlightSince : Math.min(inFlightSince, dirtySince);
                        dirty = merged;
                    }
                    inFlight = Map.of();
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * Writes the chunks, up to {@code parallelism} at a time on as many connections. Every key
     * is in one chunk only, so writing chunks side by side keeps the order per key. The first
     * failure is thrown after every chunk has finished.
     */
    private void writeChunks(List<List<RawEntry>> chunks) {
        if (parallelism <= 1 || chunks.size() <= 1) {
            chunks.forEach(store::putAll);
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(parallelism, chunks.size()); w++) {
            workers.add(AsyncExecutor.supply(() -> {
                for (int i = next.getAndIncrement(); i < chunks.size(); i = next.getAndIncrement()) {
                    store.putAll(chunks.get(i));
                }
                return null;
            }));
        }
        RuntimeException failure = null;
        for (java.util.concurrent.CompletableFuture<Void> w : workers) {
            try {
                w.join();
            } catch (java.util.concurrent.CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---- plain writes: buffered ----

    @Override
    public void set(byte[] key, byte[] value) {
        buffer(key, value);
    }

    @Override
    public byte[] put(byte[] key, byte[] value) {
        byte[] previous = get(key);
        buffer(key, value);
        return previous;
    }

    @Override
    public byte[] remove(byte[] key) {
        byte[] previous = get(key);
        if (previous != null) {
            buffer(key, TOMBSTONE);
        }
        return previous;
    }

    @Override
    public boolean delete(byte[] key) {
        return remove(key) != null;
    }

    @Override
    public void putAll(List<RawEntry> entries) {
        for (RawEntry e : entries) {
            buffer(e.key(), e.value());
        }
    }

    // ---- reads: buffer first ----

    @Override
    public byte[] get(byte[] key) {
        return bufferedOr(key, store::get);
    }

    @Override
    public byte[] getForUpdate(byte[] key) {
        return bufferedOr(key, store::getForUpdate);
    }

    /** The buffered value of {@code key} (null for a buffered remove), else what {@code read} finds in the store. */
    private byte[] bufferedOr(byte[] key, java.util.function.UnaryOperator<byte[]> read) {
        byte[] b = buffered(key);
        if (b != null) {
            return b == TOMBSTONE ? null : b.clone();
        }
        return read.apply(key);
    }

    @Override
    public boolean containsKey(byte[] key) {
        byte[] b = buffered(key);
        return b != null ? b != TOMBSTONE : store.containsKey(key);
    }

    // ---- everything else: flush, then the store ----

    @Override
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        flush();
        return store.putIfAbsent(key, value);
    }

    @Override
    public byte[] replace(byte[] key, byte[] value) {
        flush();
        return store.replace(key, value);
    }

    @Override
    public boolean replace(byte[] key, byte[] expected, byte[] value) {
        flush();
        return store.replace(key, expected, value);
    }

    @Override
    public boolean remove(byte[] key, byte[] expected) {
        flush();
        return store.remove(key, expected);
    }

    @Override
    public long size() {
        flush();
        return store.size();
    }

    @Override
    public void clear() {
        flush();
        store.clear();
    }

    @Override
    public RawPage scan(byte[] cursor, int limit) {
        flush();
        return store.scan(cursor, limit);
    }
}
