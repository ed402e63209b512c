package dev.depot.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The data every benchmark uses, the same for Depot and its peers: long keys {@code 0..n-1}
 * and 100-byte values derived from the key, in the map {@code data} of prefix {@code bench}
 * (table {@code bench_data}, Redis hash {@code {bench:data}}), which {@link BenchMain} loads
 * once per store before the forks start.
 */
public final class BenchData {
    /** Keys preloaded in every store. */
    public static final int KEYS = 100_000;
    /** Bytes per value. */
    public static final int VALUE_BYTES = 100;
    /** Keys of the hot-get workload: well inside a 10,000-entry cache. */
    public static final int HOT_KEYS = 1_000;
    /** Pool size of Depot and of every pooled peer: one connection per benchmark thread. */
    public static final int POOL = 4;
    /** Depot's prefix and map, and so the table/hash the peers use too. */
    public static final String PREFIX = "bench";
    /** The prefix of the unshared Depot targets ({@code depot-local}, {@code depot-cached-local}), which take a lease on it. */
    public static final String LOCAL_PREFIX = "benchlocal";
    public static final String MAP = "data";
    /** The map {@code putAll} writes into, away from the read data. */
    public static final String BULK_MAP = "bulk";
    /** Keys of the bulk workloads. */
    public static final int BULK = 100_000;
    /** The map of the write-behind/write-through pair. */
    public static final String WRITES_MAP = "writes";
    /** Key space of the write-behind/write-through pair: ten times the write-behind buffer, so it fills up. */
    public static final int WRITE_KEYS = 1_000_000;

    /** Boxed keys {@code 0..KEYS-1}, made once so that no workload pays for boxing. */
    private static final Long[] BOXED = new Long[Math.max(KEYS, BULK)];

    static {
        for (int i = 0; i < BOXED.length; i++) {
            BOXED[i] = (long) i;
        }
    }

    private BenchData() {}

    public static Long key(int i) {
        return BOXED[i];
    }

    /** The value of key {@code k}, {@value #VALUE_BYTES} bytes, different per key and per {@code salt}. */
    public static byte[] value(long k, int salt) {
        byte[] v = new byte[VALUE_BYTES];
        long x = k * 0x9E3779B97F4A7C15L + salt;
        for (int i = 0; i < v.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            v[i] = (byte) x;
        }
        return v;
    }

    /** Keys {@code from..from+count-1} with their values. */
    public static Map<Long, byte[]> entries(long from, int count, int salt) {
        Map<Long, byte[]> m = HashMap.newHashMap(count);
        for (long k = from; k < from + count; k++) {
            m.put(k, value(k, salt));
        }
        return m;
    }

    /** 8-byte big-endian, as Depot's {@code Codec.LONG} stores keys; peers that store bytes use it too. */
    public static byte[] keyBytes(long k) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) k;
            k >>>= 8;
        }
        return b;
    }

    public static long keyOf(byte[] b) {
        long k = 0;
        for (byte x : b) {
            k = (k << 8) | (x & 0xff);
        }
        return k;
    }
}
