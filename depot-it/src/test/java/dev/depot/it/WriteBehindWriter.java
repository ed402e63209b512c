package dev.depot.it;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapOptions;
import dev.depot.WriteMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link WriteBehindKillTest} kills: writes keys 0, 1, 2... (value = key) through a
 * write-behind map with the default flush interval and dirty bound, and journals each write
 * once it returned as {@code "<key> <epoch millis>"}, one {@code write(2)} per line, so the
 * journal survives SIGKILL. Runs until killed.
 *
 * <p>Arguments: store URL, prefix, journal file, session folder, writes per second (0: as fast
 * as it can); optionally the write mode ({@code WRITE_BEHIND} by default), the number of writer
 * threads (1; thread {@code t} of {@code n} writes keys {@code first + t}, {@code first + t + n},
 * ...) and the first key (0). With several threads, lines of the acknowledgement file are in no
 * particular order.
 */
public final class WriteBehindWriter {
    static final String MAP = "wb";

    private WriteBehindWriter() {}

    public static void main(String[] args) throws Exception {
        DepotConfig config = DepotConfig.builder().url(args[0]).prefix(args[1]).sharedAccess(true)
                .sessionDir(Path.of(args[3])).build();
        long perSecond = Long.parseLong(args[4]);
        WriteMode mode = args.length > 5 ? WriteMode.valueOf(args[5]) : WriteMode.WRITE_BEHIND;
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        long first = args.length > 7 ? Long.parseLong(args[7]) : 0;
        try (Depot depot = Depot.open(config);
             FileChannel journal = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.APPEND)) {
            DbMap<Long, Long> m = depot.map(MAP, Codec.LONG, Codec.LONG, MapOptions.defaults().withWriteMode(mode));
            System.out.println("READY");
            long start = System.nanoTime();
            Thread[] writers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers[t] = Thread.ofPlatform().start(() -> {
                    try {
                        for (long n = 0; ; n++) {
                            long key = first + thread + n * threads;
                            if (perSecond > 0) {
                                long wait = start + n * threads * 1_000_000_000L / perSecond - System.nanoTime();
                                if (wait > 0) {
                                    LockSupport.parkNanos(wait);
                                }
                            }
                            m.set(key, key);
                            // One write(2) per line on an O_APPEND file: lines of several threads never mix.
                            journal.write(ByteBuffer.wrap((key + " " + System.currentTimeMillis() + "\n")
                                    .getBytes(StandardCharsets.US_ASCII)));
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                        System.exit(3);
                    }
                });
            }
            for (Thread w : writers) {
                w.join();
            }
        }
    }
}
