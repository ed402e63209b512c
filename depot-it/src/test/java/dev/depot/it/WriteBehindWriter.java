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
 * as it can).
 */
public final class WriteBehindWriter {
    static final String MAP = "wb";

    private WriteBehindWriter() {}

    public static void main(String[] args) throws Exception {
        DepotConfig config = DepotConfig.builder().url(args[0]).prefix(args[1]).sharedAccess(true)
                .sessionDir(Path.of(args[3])).build();
        long perSecond = Long.parseLong(args[4]);
        try (Depot depot = Depot.open(config);
             FileChannel journal = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.APPEND)) {
            DbMap<Long, Long> m = depot.map(MAP, Codec.LONG, Codec.LONG, MapOptions.defaults().withWriteMode(WriteMode.WRITE_BEHIND));
            System.out.println("READY");
            long start = System.nanoTime();
            for (long key = 0; ; key++) {
                if (perSecond > 0) {
                    long due = start + key * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                m.set(key, key);
                ByteBuffer line = ByteBuffer.wrap((key + " " + System.currentTimeMillis() + "\n").getBytes(StandardCharsets.US_ASCII));
                while (line.hasRemaining()) {
                    journal.write(line);
                }
            }
        }
    }
}
