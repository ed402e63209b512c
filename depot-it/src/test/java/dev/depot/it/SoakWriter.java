package dev.depot.it;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.StoreUnavailableException;
import dev.depot.testkit.Opening;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A writer process of the chaos soak ({@link ChaosSoakTest}): puts and removes keys of its own
 * and merges into counters shared with the other writer, on shared maps, journalling every
 * operation ({@link OperationJournal}), until the stop file appears; then closes its Depot and
 * prints {@code DONE}. A failed operation is journalled and the writer goes on with the next one
 * (after an unknown outcome it never touches that key again, see {@link JournalCheck}).
 *
 * <p>Arguments: store URL, prefix, writer id (unique per process, so its keys are its own),
 * journal file, stop file, session folder, and optionally a {@code directUrl}.
 */
public final class SoakWriter {
    static final String OWNED = "owned";
    static final String COUNTERS = "counters";
    static final int COUNTER_KEYS = 8;
    private static final int SLOTS = 64;

    private SoakWriter() {}

    static String counterKey(int i) {
        return "c" + i;
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String prefix = args[1];
        String writer = args[2];
        Path journalFile = Path.of(args[3]);
        Path stop = Path.of(args[4]);
        DepotConfig.Builder config = DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true)
                .sessionDir(Path.of(args[5]));
        if (args.length > 6) {
            config.storeParam("directUrl", args[6]);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int[] generation = new int[SLOTS];
        long seq = 0;
        long acked = 0;
        long failed = 0;
        try (OperationJournal journal = new OperationJournal(journalFile); Depot depot = Opening.whenReachable(config.build(), Duration.ofSeconds(90))) {
            DbMap<String, String> owned = depot.map(OWNED, Codec.STRING, Codec.STRING);
            DbMap<String, Long> counters = depot.map(COUNTERS, Codec.STRING, Codec.LONG);
            System.out.println("READY " + writer);
            while (!Files.exists(stop)) {
                seq++;
                int roll = random.nextInt(10);
                int slot = random.nextInt(SLOTS);
                String key = writer + "." + slot + "." + generation[slot];
                boolean merge = roll < 4;
                try {
                    if (merge) {
                        String counter = counterKey(random.nextInt(COUNTER_KEYS));
                        journal.intentMerge(seq, counter);
                        counters.merge(counter, 1L, Long::sum);
                    } else if (roll < 8) {
                        String value = writer + "-" + seq;
                        journal.intentPut(seq, key, value);
                        owned.put(key, value);
                    } else {
                        journal.intentRemove(seq, key);
                        owned.remove(key);
                    }
                    journal.acknowledged(seq);
                    acked++;
                } catch (StoreUnavailableException e) {
                    journal.unavailable(seq);
                    failed++;
                    if (!merge) {
                        generation[slot]++;
                    }
                    Thread.sleep(50); // a caller's retry would back off too
                } catch (RuntimeException e) {
                    journal.unexpected(seq, e);
                    failed++;
                    if (!merge) {
                        generation[slot]++;
                    }
                    Thread.sleep(50);
                }
            }
        }
        System.out.println("DONE " + writer + " ops=" + seq + " acknowledged=" + acked + " failed=" + failed);
    }
}
