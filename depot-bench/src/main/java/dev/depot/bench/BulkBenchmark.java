package dev.depot.bench;

import java.util.Map;
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
 * Bulk writes on one thread into the map {@value BenchData#BULK_MAP}: one {@code putAll} of
 * {@value BenchData#BULK} entries (single shot: one op is the whole batch), against the same
 * entries written by a loop of single writes ({@code setLoop}, one op per entry). {@code target}
 * may name several targets joined by {@code +}: they take turns, one iteration each ({@link Rotation}).
 */
@State(Scope.Benchmark)
@Threads(1)
public class BulkBenchmark {
    @Param("chm")
    public String target;

    private Rotation rotation;
    private KvTarget kv;
    private Map<Long, byte[]> batch;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        rotation = Rotation.open(target, name -> Target.open(name, BenchData.BULK_MAP));
        batch = BenchData.entries(0, BenchData.BULK, 1);
    }

    /** Each iteration runs the next target of the group (see {@link Rotation}). */
    @Setup(Level.Iteration)
    public void next(org.openjdk.jmh.infra.BenchmarkParams params) {
        kv = rotation.next();
        if (params.getBenchmark().endsWith(".putAllFresh")) {
            kv.clearForBulk();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        rotation.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void putAll() {
        kv.putAll(batch);
    }

    /**
     * {@code putAll} into an empty map (emptied before each shot, outside the measurement): Depot
     * against the store's raw bulk path ({@code bulk@store}: COPY on PostgreSQL, multi-row INSERT
     * on MariaDB), both loading a fresh table.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void putAllFresh() {
        kv.putAll(batch);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void setLoop() {
        int i = next;
        next = i + 1 == BenchData.BULK ? 0 : i + 1;
        kv.set(BenchData.key(i), Loader.VALUES[i & (Loader.VALUES.length - 1)]);
    }
}
