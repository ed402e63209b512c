package dev.depot.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Reads, writes and iteration on the preloaded map ({@value BenchData#KEYS} keys, 100-byte
 * values), 4 threads picking keys at random. {@code getHot} reads {@value BenchData#HOT_KEYS}
 * keys that are in the cache (for Depot: {@code depot-cached}); {@code getUncached} reads all
 * keys with Depot's cache off, so every read goes to the store; {@code set} writes through.
 * {@code target} may name several targets joined by {@code +}: they take turns, one iteration
 * each ({@link Rotation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class MapBenchmark {
    @Param("chm")
    public String target;

    private Rotation rotation;
    private KvTarget kv;

    @Setup(Level.Trial)
    public void open() {
        rotation = Rotation.open(target, name -> Target.open(name, BenchData.MAP));
        for (KvTarget t : rotation.all()) {
            Loader.ensureLoaded(t, BenchData.KEYS);
            for (int i = 0; i < BenchData.HOT_KEYS; i++) {
                t.set(BenchData.key(i), BenchData.value(i, 0));
                t.get(BenchData.key(i));
            }
        }
    }

    /** Each iteration runs the next target of the group (see {@link Rotation}). */
    @Setup(Level.Iteration)
    public void next() {
        kv = rotation.next();
    }

    @TearDown(Level.Trial)
    public void close() {
        rotation.close();
    }

    @Benchmark
    public byte[] getHot() {
        return kv.get(BenchData.key(ThreadLocalRandom.current().nextInt(BenchData.HOT_KEYS)));
    }

    @Benchmark
    public byte[] getUncached() {
        return kv.get(BenchData.key(ThreadLocalRandom.current().nextInt(BenchData.KEYS)));
    }

    @Benchmark
    public void set() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        kv.set(BenchData.key(r.nextInt(BenchData.KEYS)), Loader.VALUES[r.nextInt(Loader.VALUES.length)]);
    }

    /** {@code put} returning the previous value (Depot) against a raw peer's one upsert ({@link KvTarget#put}). */
    @Benchmark
    public byte[] put() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return kv.put(BenchData.key(r.nextInt(BenchData.KEYS)), Loader.VALUES[r.nextInt(Loader.VALUES.length)]);
    }

    /** One op is a full pass over the {@value BenchData#KEYS} entries; one thread. */
    @Benchmark
    @Threads(1)
    public long iterate() {
        return kv.iterate();
    }
}
