package dev.depot.internal.memory;

import dev.depot.internal.FolderLock;

import dev.depot.DepotException;
import dev.depot.NoSuchStoreException;
import java.nio.file.Files;
import dev.depot.internal.SessionFolder;
import dev.depot.spi.ObjectCodec;
import dev.depot.spi.StoreNames;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.Store;
import dev.depot.spi.StoreContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory store: Java objects in {@code ConcurrentHashMap}s, and, when it has a session
 * folder, a snapshot there written on {@link #flush()}, on close and every
 * {@code snapshotInterval}. Without a folder ({@code memory:}) nothing survives the process.
 *
 * <p>Every map the application opens is kept as objects ({@link #openObjects}; Depot serves it
 * over that table). Maps read from the snapshot stay as bytes ({@link MemoryRawMap}) until the
 * application opens them with their codecs; maps nobody opens are written back unchanged, so a
 * program that uses only some maps loses none of the others.
 */
final class MemoryStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryStore.class);

    private final String description;
    private final SnapshotFile snapshot;
    private final MemoryRawMap meta;
    /** Each map is either a {@link MemoryRawMap} (not opened with codecs yet) or an {@link ObjectTable}. */
    private final Map<String, Object> maps = new ConcurrentHashMap<>();
    private final ScheduledExecutorService snapshots;
    private final Object writeLock = new Object();
    private final FolderLock folderLock;

    MemoryStore(StoreContext context) {
        String folder = context.url().path();
        Path dir = !folder.isEmpty() ? Path.of(folder) : SessionFolder.of(context.config()).orElse(null);
        this.description = context.url().masked();
        boolean inspect = !context.config().createIfMissing();
        if (inspect && (dir == null || !Files.isDirectory(dir))) {
            throw nothingThere(dir == null ? "memory: without a folder keeps nothing" : "no folder " + dir);
        }
        this.snapshot = dir == null ? null : new SnapshotFile(dir.resolve(snapshotName(context.prefix())));
        this.folderLock = dir == null || context.config().sharedAccess() ? null
                : FolderLock.lock(dir.resolve("depot-memory-" + context.prefix() + ".lock"),
                        "prefix '" + context.prefix() + "' in " + description,
                        "Stop that instance first; processes that mean to share the maps open them with sharedAccess(true)");
        if (snapshot != null) {
            try {
                if (inspect && !Files.isRegularFile(dir.resolve(snapshotName(context.prefix())))) {
                    // Checked under the lock: a running owner is reported as such, not as "nothing there".
                    throw nothingThere("no memory snapshot of prefix '" + context.prefix() + "' in " + dir);
                }
                maps.putAll(snapshot.read());
                if (folderLock != null) {
                    snapshot.removeLeftoverTemporaries();
                }
            } catch (RuntimeException e) {
                if (folderLock != null) {
                    folderLock.close();
                }
                throw e;
            }
        }
        Object stored = maps.get(StoreNames.META);
        this.meta = stored instanceof MemoryRawMap m ? m : new MemoryRawMap();
        maps.put(StoreNames.META, meta);
        Duration every = context.config().snapshotInterval();
        if (snapshot != null && !every.isZero()) {
            snapshots = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "depot-memory-snapshot");
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(1, every.toMillis());
            snapshots.scheduleWithFixedDelay(this::periodicSnapshot, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            snapshots = null;
        }
    }

    private NoSuchStoreException nothingThere(String what) {
        return new NoSuchStoreException("nothing is there: " + what + " (" + description + ")");
    }

    private static String snapshotName(String prefix) {
        return "depot-memory-" + prefix + ".snapshot";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public RawMap open(RawMapSpec spec) {
        Object m = maps.computeIfAbsent(spec.name(), n -> new MemoryRawMap());
        if (m instanceof MemoryRawMap raw) {
            return raw;
        }
        throw new IllegalStateException("map '" + spec.name() + "' of " + description + " is open with its codecs");
    }

    @Override
    public boolean keepsData() {
        return snapshot != null;
    }

    @Override
    public RawMap metadata() {
        return meta;
    }

    @Override
    public boolean locksPrefixItself() {
        return true; // the folder lock, or no folder: nothing another process could reach
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Optional<ConcurrentMap<K, V>> openObjects(RawMapSpec spec, ObjectCodec<K, V> codec) {
        Object m = maps.compute(spec.name(), (name, current) -> {
            if (current instanceof ObjectTable<?, ?>) {
                return current;
            }
            // Arrays have no value equality, so array keys go into a map that compares their bytes.
            ConcurrentMap<K, V> objects = !codec.keyCodec().type().isArray() ? new ConcurrentHashMap<>()
                    : codec.keyCodec().type() == byte[].class ? (ConcurrentMap<K, V>) new ArrayKeyMap<>(byte[].class, b -> b, b -> b.clone())
                    : new ArrayKeyMap<>(codec.keyCodec().type(), codec::encodeKey, codec::decodeKey);
            if (current instanceof MemoryRawMap raw) {
                // Decode everything now; on failure the bytes stay as they were.
                raw.entries().forEach((k, v) -> objects.put(codec.decodeKey(k.bytes()), codec.decodeValue(k.bytes(), v)));
            }
            return new ObjectTable<>(objects, codec);
        });
        return Optional.of(((ObjectTable<K, V>) m).objects());
    }

    /** A map open with its codecs: the objects Depot serves, and how to write them to the snapshot. */
    private record ObjectTable<K, V>(ConcurrentMap<K, V> objects, ObjectCodec<K, V> codec) {
        SnapshotFile.MapWriter writer() {
            return out -> objects.forEach((k, v) -> out.accept(codec.encodeKey(k), codec.encodeValue(v)));
        }
    }

    @Override
    public void drop(String name) {
        maps.remove(name);
    }

    private void periodicSnapshot() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Periodic snapshot of {} failed; will retry at the next interval and on close", description, e);
        }
    }

    @Override
    public void flush() {
        if (snapshot == null) {
            return;
        }
        synchronized (writeLock) {
            Map<String, SnapshotFile.MapWriter> writers = new LinkedHashMap<>();
            maps.forEach((name, m) -> writers.put(name, writer(m)));
            snapshot.write(writers);
        }
    }

    private static SnapshotFile.MapWriter writer(Object m) {
        if (m instanceof MemoryRawMap raw) {
            return out -> raw.entries().forEach((k, v) -> out.accept(k.bytes(), v));
        }
        return ((ObjectTable<?, ?>) m).writer();
    }

    @Override
    public void close() {
        if (folderLock != null) {
            folderLock.close();
        }
        if (snapshots != null) {
            snapshots.shutdownNow();
            try {
                snapshots.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DepotException("interrupted while closing " + description, e);
            }
        }
    }
}
