package dev.depot.jdbc.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of one map's write-through {@code put}s and {@code remove}s. Up to {@code lanes}
 * writes are in flight at once, each alone ({@link Writer#writeOne}), so below that concurrency
 * nothing changes; writes that arrive while every lane is busy queue up, and when a lane's write
 * is done the first of them takes the lane and writes everything queued at once
 * ({@link Writer#writeAll}, one transaction, one commit). A round takes the queue in arrival
 * order, so writes of one key within a round are applied in the order they arrived; writes in
 * different lanes are concurrent calls, ordered by the database's row locks as any two
 * concurrent writers are. Every caller returns only once the round holding its write has
 * committed (or failed: then each of the round's callers gets the failure).
 *
 * <p>Why lanes: a single lane serialized a map's writers behind one connection, so four threads
 * writing through a pool of four ran at a third of four raw upserts side by side; one lane per
 * pooled connection groups only what the pool could not have run anyway. A database that writes
 * one transaction at a time (SQLite) gets one lane.
 *
 * <p>Thread-safe. A waiting caller is not interruptible: its write may be on its way to the
 * database, so it waits for the outcome and keeps its interrupt status.
 */
final class GroupCommit {
    /** Most writes per round, so that one round's statements stay small. */
    static final int MAX_ROUND = 256;

    /** One write: {@code value} null for a remove; the outcome is set by the round that writes it. */
    static final class Op {
        final byte[] key;
        final byte[] value;
        byte[] previous;
        RuntimeException failure;
        private State state = State.WAITING;

        Op(byte[] key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    private enum State { WAITING, LEAD, DONE }

    /** How a round reaches the database. */
    interface Writer {
        /** Writes one op and returns its previous value. */
        byte[] writeOne(Op op);

        /** Writes the ops (two or more, in arrival order) in one transaction and sets each op's {@code previous}. */
        void writeAll(List<Op> ops);
    }

    private final Writer writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Op> queue = new ArrayDeque<>();
    /** Most rounds in flight at once. */
    private final int lanes;
    /** Rounds in flight now; the queue is empty unless all lanes are busy. */
    private int inFlight;
    /** Ops written in rounds of two or more, for tests and diagnostics. */
    private long grouped;

    /** Writes through {@code writer}, at most {@code lanes} (at least 1) rounds at a time. */
    GroupCommit(Writer writer, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1, not " + lanes);
        }
        this.writer = writer;
        this.lanes = lanes;
    }

    /** Writes {@code op}, alone or in a round with others; returns its previous value or throws its failure. */
    byte[] write(Op op) {
        List<Op> round;
        lock.lock();
        try {
            if (inFlight < lanes) {
                inFlight++;
                round = List.of(op);
            } else {
                queue.add(op);
                boolean interrupted = false;
                while (op.state == State.WAITING) {
                    try {
                        changed.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (op.state == State.DONE) {
                    return outcome(op);
                }
                // LEAD: a round is done and passed its lane to this op, first in the queue
                List<Op> taken = new ArrayList<>(Math.min(queue.size() + 1, MAX_ROUND));
                taken.add(op);
                while (!queue.isEmpty() && taken.size() < MAX_ROUND) {
                    taken.add(queue.poll());
                }
                round = taken;
            }
        } finally {
            lock.unlock();
        }
        try {
            if (round.size() == 1) {
                op.previous = writer.writeOne(op);
            } else {
                writer.writeAll(round);
            }
        } catch (RuntimeException e) {
            for (Op o : round) {
                o.failure = e;
            }
        } catch (Error e) {
            for (Op o : round) {
                o.failure = new IllegalStateException("the write of this round failed: " + e, e);
            }
            finish(round);
            throw e;
        }
        finish(round);
        return outcome(op);
    }

    /** Marks the round done and hands its lane to the first queued op, if any. */
    private void finish(List<Op> round) {
        lock.lock();
        try {
            for (Op o : round) {
                o.state = State.DONE;
            }
            if (round.size() > 1) {
                grouped += round.size();
            }
            Op next = queue.poll();
            if (next == null) {
                inFlight--;
            } else {
                next.state = State.LEAD;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many ops were written in rounds of two or more so far. */
    long groupedWrites() {
        lock.lock();
        try {
            return grouped;
        } finally {
            lock.unlock();
        }
    }

    private static byte[] outcome(Op op) {
        if (op.failure != null) {
            throw op.failure;
        }
        return op.previous;
    }
}
