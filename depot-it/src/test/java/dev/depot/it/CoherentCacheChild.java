package dev.depot.it;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of the two processes of {@link CrossProcessCacheTests}: opens the store with sharedAccess
 * and the cache at its defaults, listens to the map {@code counter}, and answers commands read
 * from standard input, one a line:
 * {@code MERGE} (adds 1 to key {@code c}; prints {@code MERGED <value> <nanoTime when it returned>}),
 * {@code READ} (prints {@code READ <value> <nanoTime when the read began>}, read through the cache),
 * {@code EVENTS} (prints {@code EVENTS <changes by the other process> <gaps>} seen by the listener),
 * {@code STATE} (prints {@code STATE <change feed state>}), {@code QUIT}. Prints {@code READY <change feed state>} first.
 *
 * <p>{@code System.nanoTime()} is the machine's monotonic clock on Linux (the same in every process),
 * so the parent can compare the two processes' times without the pipes' latency.
 *
 * <p>Arguments: store URL, prefix, session folder.
 */
public final class CoherentCacheChild {
    static final String MAP = "counter";
    static final String KEY = "c";

    private CoherentCacheChild() {}

    public static void main(String[] args) throws Exception {
        DepotConfig config = DepotConfig.builder().url(args[0]).prefix(args[1]).sharedAccess(true)
                .sessionDir(Path.of(args[2])).build();
        try (Depot depot = Depot.open(config)) {
            DbMap<String, Long> counter = depot.map(MAP, Codec.STRING, Codec.LONG);
            AtomicLong remote = new AtomicLong();
            AtomicLong gaps = new AtomicLong();
            counter.listen(e -> {
                if (e.kind() == MapEvent.Kind.GAP) {
                    gaps.incrementAndGet();
                } else if (!e.local() && e.kind() == MapEvent.Kind.PUT && KEY.equals(e.key())) {
                    remote.incrementAndGet();
                }
            });
            System.out.println("READY " + depot.changeFeedState());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                switch (line) {
                    case "MERGE" -> {
                        long value = counter.merge(KEY, 1L, Long::sum);
                        System.out.println("MERGED " + value + " " + System.nanoTime());
                    }
                    case "READ" -> {
                        long began = System.nanoTime();
                        System.out.println("READ " + counter.get(KEY) + " " + began);
                    }
                    case "EVENTS" -> System.out.println("EVENTS " + remote.get() + " " + gaps.get());
                    case "STATE" -> System.out.println("STATE " + depot.changeFeedState());
                    case "QUIT" -> {
                        return;
                    }
                    default -> System.out.println("UNKNOWN " + line);
                }
            }
        }
    }
}
