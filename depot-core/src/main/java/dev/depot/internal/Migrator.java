package dev.depot.internal;

import dev.depot.DepotConfig;
import dev.depot.MigrationException;
import dev.depot.MigrationListener;
import dev.depot.MigrationProgress;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.RawPage;
import dev.depot.spi.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every map of a prefix from one store to another, resumably.
 *
 * <p>Design note. The target's metadata map holds, per map, a checkpoint
 * {@code migration:<map>}: the source it copies from, the source's scan cursor after the last
 * page written, the count copied, and whether the map is done. Each page is written to the
 * target (a batched upsert or pipeline) <em>before</em> its checkpoint, so after a crash at any
 * point the next run resumes at the checkpoint and at worst rewrites one page, which is
 * idempotent. A fresh copy first clears the target map, so the target ends with exactly the
 * source's entries even when it holds stale data from an earlier stint. A map is done only when
 * the target's count equals the source's. Only after every map is done does
 * {@code migration:done} name the source, and only then does the caller record the new store
 * as the one in use. The source is never written to; it is dropped only when asked, after all
 * of that.
 */
final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    static final String DONE_KEY = "migration:done";
    private static final String CHECKPOINT_PREFIX = "migration:";

    /** A map's checkpoint, as stored in the target's metadata. */
    record Checkpoint(String source, String cursor, long copied, boolean done) {}

    /** Which source the target was last completely migrated from. */
    record Done(String source, String at) {}

    private final Store source;
    private final Store target;
    private final String sourceId;
    private final int pageSize;
    private final MigrationListener listener;
    private final dev.depot.spi.DepotObserver observer;
    private final String prefix;
    private final MapRegistry from;

    Migrator(Store source, Store target, String sourceId, DepotConfig config) {
        this.source = source;
        this.target = target;
        this.sourceId = sourceId;
        this.pageSize = Math.max(config.pageSize(), 1000);
        this.listener = config.migrationListener();
        this.observer = config.observer();
        this.prefix = config.prefix();
        this.from = new MapRegistry(source.metadata(), source.description(), pageSize);
    }

    /** The source the target says it was last fully migrated from, if any. */
    static String completedSource(Store target) {
        byte[] done = target.metadata().get(DONE_KEY.getBytes(StandardCharsets.UTF_8));
        if (done == null) {
            return null;
        }
        return DepotJson.read(done, Done.class, "migration record in " + target.description()).source();
    }

    /** Copies every map and verifies the counts; returns the names of the maps copied. */
    List<String> run() {
        MapRegistry to = new MapRegistry(target.metadata(), target.description(), pageSize);
        Map<String, MapRegistry.MapRecord> records = from.records();
        LOG.info("Migrating {} maps from {} to {}", records.size(), source.description(), target.description());
        int index = 0;
        for (Map.Entry<String, MapRegistry.MapRecord> e : records.entrySet()) {
            index++;
            String name = e.getKey();
            try {
                to.adopt(name, e.getValue());
                copy(name, MapRegistry.spec(e.getValue(), name), index, records.size());
            } catch (MigrationException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                throw new MigrationException("migrating map '" + name + "' from " + source.description() + " to "
                        + target.description() + " failed: " + ex.getMessage() + ". The source is intact; the next open"
                        + " resumes from the last checkpoint", ex);
            }
        }
        target.flush();
        put(target.metadata(), DONE_KEY, new Done(sourceId, Instant.now().toString()));
        target.flush();
        return List.copyOf(records.keySet());
    }

    private void copy(String name, RawMapSpec spec, int index, int count) {
        RawMap src = source.open(spec);
        RawMap dst = target.open(spec);
        String checkpointKey = CHECKPOINT_PREFIX + name;
        Checkpoint cp = get(target.metadata(), checkpointKey);
        if (cp != null && cp.source().equals(sourceId) && cp.done()) {
            return;
        }
        if (cp == null || !cp.source().equals(sourceId)) {
            dst.clear(); // a fresh copy: whatever the target holds for this map is stale
            cp = new Checkpoint(sourceId, null, 0, false);
            put(target.metadata(), checkpointKey, cp);
        }
        long total = src.size();
        long copied = cp.copied();
        long thisRun = 0;
        long started = System.nanoTime();
        byte[] cursor = cp.cursor() == null ? null : Base64.getDecoder().decode(cp.cursor());
        boolean first = cp.cursor() == null;
        while (first || cursor != null) {
            first = false;
            RawPage page = src.scan(cursor, pageSize);
            List<RawEntry> entries = page.entries();
            if (!entries.isEmpty()) {
                dst.putAll(entries);
            }
            copied += entries.size();
            thisRun += entries.size();
            cursor = page.next();
            put(target.metadata(), checkpointKey, new Checkpoint(sourceId,
                    cursor == null ? null : Base64.getEncoder().encodeToString(cursor), copied, false));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            observer.migrationProgress(prefix, name, entries.size(), elapsed, false);
            listener.onProgress(new MigrationProgress(source.description(), target.description(), name, index, count,
                    copied, thisRun, total, elapsed, false));
            if (cursor == null) {
                break;
            }
        }
        long have = dst.size();
        long want = src.size();
        if (have != want) {
            target.metadata().delete(checkpointKey.getBytes(StandardCharsets.UTF_8)); // next run starts this map afresh
            throw new MigrationException("map '" + name + "' has " + want + " entries in " + source.description() + " but "
                    + have + " in " + target.description() + " after copying; was the source written to during the"
                    + " migration? The next open copies the map again", null);
        }
        put(target.metadata(), checkpointKey, new Checkpoint(sourceId, null, have, true));
        long took = System.nanoTime() - started;
        dev.depot.internal.observe.JfrEvents.migrated(source.description(), target.description(), name, thisRun, took);
        observer.migrationProgress(prefix, name, 0, Duration.ofNanos(took), true);
        listener.onProgress(new MigrationProgress(source.description(), target.description(), name, index, count,
                have, thisRun, want, Duration.ofNanos(System.nanoTime() - started), true));
    }

    /** Drops every migrated map and its record from the source. */
    void dropSource(List<String> maps) {
        for (String name : maps) {
            source.drop(name);
            from.forget(name);
        }
        source.flush();
        LOG.info("Dropped {} migrated maps from {}", maps.size(), source.description());
    }

    private static <T> void put(RawMap meta, String key, T value) {
        meta.set(key.getBytes(StandardCharsets.UTF_8), DepotJson.write(value, "migration record " + key));
    }

    private static Checkpoint get(RawMap meta, String key) {
        return DepotJson.read(meta.get(key.getBytes(StandardCharsets.UTF_8)), Checkpoint.class, "migration checkpoint " + key);
    }
}
