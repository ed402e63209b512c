package dev.depot.media.internal;

import dev.depot.MediaBusyException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool that processes large uploads in the background, one per Depot and size (kept
 * through {@link dev.depot.spi.DepotResources}, so it closes with the Depot). At most
 * {@code workers} jobs run and {@code queueSize} wait; a caller must {@link #reserve} a place
 * before it stores anything, so a full queue refuses an upload before any of it is written.
 * Thread-safe.
 */
final class MediaWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWorkers.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** A job that can be told it will never run (the Depot closed first), so it can tidy up. */
    interface Job extends Runnable {
        void abandon();
    }

    private final int workers;
    private final int queueSize;
    private final Semaphore places;
    private final ThreadPoolExecutor executor;
    private final Map<Long, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    MediaWorkers(int workers, int queueSize) {
        this.workers = workers;
        this.queueSize = queueSize;
        this.places = new Semaphore(workers + queueSize);
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        // The semaphore bounds the queue; the executor's own queue never refuses a reserved job.
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().daemon().name("depot-media-" + pool + "-" + threads.incrementAndGet())
                        .unstarted(r));
    }

    /** The name a Depot keeps these workers under: one pool per size. */
    static String resourceName(int workers, int queueSize) {
        return "dev.depot.media.workers:" + workers + ":" + queueSize;
    }

    /**
     * Takes a place for one job.
     *
     * @throws MediaBusyException when every worker is busy and the queue is full
     */
    void reserve() {
        if (!places.tryAcquire()) {
            throw new MediaBusyException("media processing is busy: " + workers + " uploads are being processed and "
                    + queueSize + " are waiting; try again later");
        }
    }

    /** Gives back a place taken by {@link #reserve} for a job that will not be submitted. */
    void release() {
        places.release();
    }

    /** Runs {@code job} for upload {@code id} on a worker, in a place taken by {@link #reserve}. */
    void submit(long id, Job job) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        running.put(id, done);
        Runnable task = new Runnable() {
            @Override
            public void run() {
                try {
                    job.run();
                } finally {
                    finish(id, done);
                }
            }

            @Override
            public String toString() {
                return "media job " + id;
            }
        };
        try {
            executor.execute(new Abandonable(task, job, () -> finish(id, done)));
        } catch (RuntimeException e) {
            finish(id, done);
            job.abandon();
            throw e;
        }
    }

    private void finish(long id, CompletableFuture<Void> done) {
        running.remove(id, done);
        places.release();
        done.complete(null);
    }

    /** Completes when the job of upload {@code id} in this process is over; null when there is none. */
    CompletableFuture<Void> job(long id) {
        return running.get(id);
    }

    /** Interrupts the running jobs (their ffmpeg is killed) and tells the waiting ones they will not run. */
    @Override
    public void close() {
        List<Runnable> waiting = executor.shutdownNow();
        for (Runnable r : waiting) {
            if (r instanceof Abandonable a) {
                a.abandon();
            }
        }
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Media workers still running 30 s after the Depot was closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "media workers (" + workers + " running, " + queueSize + " waiting)";
    }

    /** A queued task that knows how to give up its place. */
    private record Abandonable(Runnable task, Job job, Runnable onAbandon) implements Runnable {
        @Override
        public void run() {
            task.run();
        }

        void abandon() {
            try {
                job.abandon();
            } finally {
                onAbandon.run();
            }
        }
    }
}
