package dev.depot.bench;

import java.util.Map;

/** Loads the benchmark data into a target, and the values the write workloads write. */
final class Loader {
    /** Values written by the write workloads, made once: 1,024 distinct 100-byte arrays. */
    static final byte[][] VALUES = new byte[1024][];

    static {
        for (int i = 0; i < VALUES.length; i++) {
            VALUES[i] = BenchData.value(i, 7);
        }
    }

    private Loader() {}

    /** Writes keys {@code 0..count-1} unless the target holds them already (server stores are loaded once by {@link BenchMain}). */
    static void ensureLoaded(KvTarget kv, int count) {
        if (kv.size() >= count && kv.get(BenchData.key(count - 1)) != null) {
            return;
        }
        for (int from = 0; from < count; from += 50_000) {
            Map<Long, byte[]> chunk = BenchData.entries(from, Math.min(50_000, count - from), 0);
            kv.putAll(chunk);
        }
    }
}
