package dev.depot.bench;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import dev.depot.MediaType;
import dev.depot.OrphanReport;
import dev.depot.OrphanScan;
import dev.depot.Style;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code removeOrphans} over {@value #OBJECTS} objects, in a JVM of its own: records in Redis,
 * files in a folder. {@value #RECORDS} records of two styles each, {@value #ORPHANS} objects with no
 * record and {@value #MISSING} records whose files are gone. The files are written straight into
 * the folder (as another tool would), the records through Depot; then a fresh Depot runs a dry
 * run, and Redis's own {@code INFO commandstats} (reset just before) counts every command the map
 * store received: the round trips. Prints {@code RESULT} lines: round trips per 500 objects, and
 * objects examined per second.
 *
 * <p>Arguments: a work folder and the Redis URL.
 */
public final class OrphanScanRoundTrips {
    public static final String WORKLOAD = "removeOrphans 100k";
    public static final String SPEED = "removeOrphans 100k speed";
    static final int RECORDS = 48_000;
    static final int ORPHANS = 4_000;
    static final int MISSING = 1_000;
    static final int OBJECTS = RECORDS * 2 + ORPHANS;
    /** Ids from 2001, one millisecond apart: far past the grace period. */
    private static final long FIRST_ID = 1_000_000_000_000L << 16;
    private static final Pattern CALLS = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)");

    private OrphanScanRoundTrips() {}

    public static void main(String[] args) throws Exception {
        Path media = Path.of(args[0]).resolve("orphan-scan-media");
        String redis = args[1];
        deleteTree(media);
        String prefix = "orph" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

        try (Depot depot = Depot.open(DepotTarget.config(redis).prefix(prefix).blobUrl("file:" + media).build())) {
            seed(depot.map("media_attachments", Codec.LONG, Codec.json(MediaAttachment.class)), media);
        }
        try (Depot depot = Depot.open(DepotTarget.config(redis).prefix(prefix).blobUrl("file:" + media).build());
                RedisClient client = RedisClient.create(redis);
                StatefulRedisConnection<String, String> stats = client.connect()) {
            MediaLibrary library = depot.media(); // opens the map and the blob store before counting
            stats.sync().configResetstat();
            long t0 = System.nanoTime();
            OrphanReport report = library.removeOrphans(OrphanScan.dryRun());
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> calls = commandCalls(stats.sync().info("commandstats"));
            check(report);
            long roundTrips = calls.values().stream().mapToLong(Long::longValue).sum();
            double per500 = roundTrips / (OBJECTS / 500.0);
            System.out.printf(Locale.ROOT, "RESULT %s\tdepot@redis\t%.3f\tNaN\tround trips per 500 objects%n", WORKLOAD, per500);
            System.out.printf(Locale.ROOT, "RESULT %s\tdepot@redis\t%.1f\tNaN\tobjects/s%n", SPEED, OBJECTS / seconds);
            System.err.printf(Locale.ROOT, "removeOrphans over %,d objects: %.1f s, %,d Redis commands %s%n", OBJECTS,
                    seconds, roundTrips, calls);
        }
        deleteTree(media);
    }

    /** Records and files: what a media folder of an instance looks like after some crashes. */
    private static void seed(DbMap<Long, MediaAttachment> records, Path media) throws IOException {
        Map<Long, MediaAttachment> batch = new HashMap<>();
        for (int i = 0; i < RECORDS + MISSING + ORPHANS; i++) {
            long id = FIRST_ID + ((long) i << 16);
            Map<Style, MediaAttachment.Variant> variants = new EnumMap<>(Style.class);
            for (Style style : Style.values()) {
                String key = key(id, style);
                variants.put(style, new MediaAttachment.Variant(key, null, "image/jpeg", 100,
                        MediaAttachment.Meta.image(64, 48)));
                boolean hasFile = i < RECORDS || (i >= RECORDS + MISSING && style == Style.ORIGINAL);
                if (hasFile) {
                    Path file = media.resolve(key);
                    Files.createDirectories(file.getParent());
                    Files.write(file, new byte[100]);
                }
            }
            if (i < RECORDS + MISSING) { // the last ORPHANS ids have a file and no record
                batch.put(id, new MediaAttachment(id, MediaType.IMAGE, MediaAttachment.Status.DONE, null, "x.jpg",
                        "status:" + i, Instant.ofEpochMilli(id >>> 16), null, MediaAttachment.Focus.CENTRE, null,
                        variants));
            }
            if (batch.size() == 1_000) {
                records.putAll(batch);
                batch.clear();
            }
        }
        records.putAll(batch);
    }

    private static String key(long id, Style style) {
        String digits = String.format(Locale.ROOT, "%018d", id);
        StringBuilder partition = new StringBuilder();
        for (int i = 0; i < 18; i += 3) {
            partition.append(digits, i, i + 3).append('/');
        }
        return "media_attachments/files/" + partition + style.key() + "/" + String.format(Locale.ROOT, "%016x", id)
                + ".jpeg";
    }

    private static void check(OrphanReport r) {
        if (r.objectsExamined() != OBJECTS || r.orphanObjects() != ORPHANS || r.missingObjects() != 2L * MISSING
                || r.recordsMissingObjects().size() != MISSING) {
            throw new IllegalStateException("unexpected report " + r);
        }
    }

    /** Calls per command since the reset, without the two commands of the measurement itself. */
    private static Map<String, Long> commandCalls(String info) {
        Map<String, Long> calls = new HashMap<>();
        Matcher m = CALLS.matcher(info);
        while (m.find()) {
            if (!m.group(1).equals("info") && !m.group(1).startsWith("config")) {
                calls.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return calls;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
