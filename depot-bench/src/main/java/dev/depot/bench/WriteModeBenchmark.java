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
 * Write-behind against write-through: 4 threads writing random keys out of
 * {@value BenchData#WRITE_KEYS}, ten times the write-behind buffer (100,000 keys), so the buffer
 * fills and the measured rate is what the flusher sustains, not only what the buffer absorbs.
 * Entries still buffered when a trial ends are flushed on close, outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class WriteModeBenchmark {
    @Param("depot@sqlite")
    public String target;

    private KvTarget kv;

    @Setup(Level.Trial)
    public void open() {
        kv = Target.open(target, BenchData.WRITES_MAP);
    }

    @TearDown(Level.Trial)
    public void close() {
        kv.close();
    }

    @Benchmark
    public void set() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        kv.set((long) r.nextInt(BenchData.WRITE_KEYS), Loader.VALUES[r.nextInt(Loader.VALUES.length)]);
    }
}
