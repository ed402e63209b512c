package dev.depot.jdbc.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of one map's write-through {@code put}s and {@code remove}s: while one write is
 * in flight, the writes that arrive queue up, and when it is done the first of them leads the
 * next round and writes everything queued at once ({@link Writer#writeAll}, one transaction, one
 * commit). A write alone is written alone ({@link Writer#writeOne}), so without concurrency
 * nothing changes. Rounds never overlap and take the queue in arrival order, so writes of one
 * key are applied in the order they arrived. Every caller returns only once the round holding
 * its write has committed (or failed: then each of the round's callers gets the failure).
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
    private boolean leading;
    /** Ops written in rounds of two or more, for tests and diagnostics. */
    private long grouped;

    GroupCommit(Writer writer) {
        this.writer = writer;
    }

    /** Writes {@code op}, alone or in a round with others; returns its previous value or throws its failure. */
    byte[] write(Op op) {
        List<Op> round;
        lock.lock();
        try {
            if (!leading) {
                leading = true;
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
                // LEAD: the previous round is done and this op was first in the queue
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

    /** Marks the round done and hands the lead to the first queued op, if any. */
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
                leading = false;
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
