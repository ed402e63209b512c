package dev.depot.internal;

import dev.depot.DepotException;
import dev.depot.spi.ByteKey;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of one journaled write-behind map: every buffered write is appended here and made
 * durable (fsync) before the write returns, so a write-behind map loses nothing acknowledged
 * when its process is killed; the next open reads the journal back into the buffer.
 *
 * <p>Layout: a folder per map holding numbered segments ({@code 000000000001.log}, ...) and a
 * lock file. A record is {@code length, CRC-32C, op, keyLength, key[, valueLength, value]}.
 * Only appends, and a new segment at each flush ({@link #roll}); the segments a successful flush
 * made redundant are deleted ({@link #deleteBefore}). A segment is never appended to after a
 * restart, so a torn record (a crash during a write) can only end a segment: reading stops there
 * and goes on with the next segment. A torn record was never acknowledged.
 *
 * <p>Design note: group commit. {@link #append} only copies the record into a buffer (under the
 * write-behind map's lock, so journal order is buffer order per key); {@link #awaitDurable} is
 * called outside that lock. The first waiter that finds no write in progress writes everything
 * buffered so far and forces it to disk once; everyone whose record was in that write returns.
 * Concurrent writers thus share fsyncs, as databases commit in groups, with no thread of its own.
 *
 * <p>Thread-safe. Errors writing or forcing the file are {@link DepotException}s: the write was
 * buffered but is not acknowledged as durable.
 */
final class WriteJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteJournal.class);
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;
    /** Longer than any key plus the largest value Depot accepts: a longer length is a torn record. */
    private static final int MAX_RECORD = 1 << 30;

    private final Path dir;
    private final String description;
    private final FolderLock lock;
    private final CRC32C crc = new CRC32C();

    // Guarded by this.
    private FileChannel segment;
    private long segmentNumber;
    private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    /** Records appended so far (sequence of the last one) and records known durable. */
    private long appended;
    private long durable;
    private boolean writing;
    private boolean closed;
    /**
     * Why a write of the journal failed; every later write fails too, since records lost with the
     * failed write could otherwise be acknowledged by the next one.
     */
    private String broken;

    private WriteJournal(Path dir, String description, FolderLock lock) {
        this.dir = dir;
        this.description = description;
        this.lock = lock;
    }

    /**
     * Opens (creating when missing) the journal in {@code dir}, locked against every other process
     * and every other journal of this JVM on the same folder.
     *
     * @throws dev.depot.SessionLockedException when another process (or Depot) uses it
     * @throws DepotException                   when the folder cannot be created or locked
     */
    static WriteJournal open(Path dir, String description) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DepotException("cannot create the write-behind journal folder " + dir + " for " + description + ": "
                    + e.getMessage(), e);
        }
        FolderLock lock = FolderLock.lock(dir.resolve("lock"), "the write-behind journal of " + description,
                "A journaled map is written by one process at a time; give each process its own session folder");
        return new WriteJournal(dir, description, lock);
    }

    /**
     * Writes what a journal left in {@code dir} (a map journaled by an earlier run that was killed,
     * now opened without a journal) to {@code target}, then deletes the journal. Nothing to do,
     * and no folder created, when there is none. Returns how many keys were written.
     */
    static int replayLeftover(Path dir, String description, RawMap target) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        java.util.LinkedHashMap<ByteKey, byte[]> last = new java.util.LinkedHashMap<>();
        try (WriteJournal journal = open(dir, description)) {
            for (Path file : journal.segments()) {
                journal.read(file, (key, value) -> {
                    last.remove(key); // keep the order of last writes
                    last.put(key, value);
                });
            }
            List<RawEntry> puts = new ArrayList<>();
            for (var e : last.entrySet()) {
                if (e.getValue() == null) {
                    target.delete(e.getKey().bytes());
                } else {
                    puts.add(new RawEntry(e.getKey().bytes(), e.getValue()));
                }
            }
            for (int i = 0; i < puts.size(); i += 1000) {
                target.putAll(puts.subList(i, Math.min(puts.size(), i + 1000)));
            }
            journal.deleteBefore(Long.MAX_VALUE);
        }
        if (!last.isEmpty()) {
            LOG.info("{}: {} journaled writes of an earlier run were written to the store", description, last.size());
        }
        LeftoverFiles.deleteQuietly(dir.resolve("lock"));
        LeftoverFiles.deleteQuietly(dir);
        return last.size();
    }

    /**
     * Reads every record of every segment, oldest first, into {@code apply} ({@code value} null
     * for a removal), then starts a new segment for appends. The segments read stay until a flush
     * has written their entries ({@link #deleteBefore}).
     */
    synchronized void recover(BiConsumer<ByteKey, byte[]> apply) {
        long last = 0;
        long records = 0;
        for (Path file : segments()) {
            last = Math.max(last, number(file));
            records += read(file, apply);
        }
        if (records > 0) {
            LOG.info("{}: {} journaled writes not yet in the store were read back from {}", description, records, dir);
        }
        segmentNumber = last;
        startSegment();
    }

    /** Buffers a write (value null for a removal); returns the sequence to pass to {@link #awaitDurable}. */
    synchronized long append(byte[] key, byte[] value) {
        int body = 1 + 4 + key.length + (value == null ? 0 : 4 + value.length);
        ensureRoom(8 + body);
        int start = pending.position();
        pending.putInt(body).putInt(0);
        pending.put(value == null ? REMOVE : PUT).putInt(key.length).put(key);
        if (value != null) {
            pending.putInt(value.length).put(value);
        }
        crc.reset();
        crc.update(pending.array(), start + 8, body);
        pending.putInt(start + 4, (int) crc.getValue());
        return ++appended;
    }

    private void ensureRoom(int bytes) {
        if (pending.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + bytes));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
    }

    /** Returns once record {@code sequence} is on disk; writes and forces the buffered records when no one else is. */
    void awaitDurable(long sequence) {
        ByteBuffer batch;
        FileChannel channel;
        long upTo;
        synchronized (this) {
            while (durable < sequence && writing) {
                waitQuietly();
            }
            if (durable >= sequence) {
                return;
            }
            checkOpen();
            writing = true;
            batch = takePending();
            channel = segment;
            upTo = appended;
        }
        boolean ok = false;
        try {
            writeFully(channel, batch);
            channel.force(false);
            ok = true;
        } catch (IOException e) {
            throw new DepotException("cannot write the write-behind journal of " + description + " in " + dir
                    + ": " + e.getMessage() + "; the write is buffered but not known to be durable", e);
        } finally {
            synchronized (this) {
                writing = false;
                if (ok) {
                    durable = Math.max(durable, upTo);
                } else if (broken == null) {
                    broken = "an earlier write of it failed";
                }
                notifyAll();
            }
        }
    }

    /**
     * Starts a new segment: called by a flush as it takes the buffer, so every write in the
     * segments before the returned number is in that flush's batch. Writes what is buffered to the
     * old segment first, forced, so no record is lost across the switch.
     */
    synchronized long roll() {
        while (writing) {
            waitQuietly();
        }
        checkOpen();
        try {
            if (pending.position() > 0) {
                writeFully(segment, takePending());
                segment.force(false);
                durable = appended;
                notifyAll();
            }
            segment.close();
        } catch (IOException e) {
            broken = "starting a new segment failed";
            notifyAll();
            throw new DepotException("cannot write the write-behind journal of " + description + " in " + dir + ": "
                    + e.getMessage(), e);
        }
        startSegment();
        return segmentNumber;
    }

    /** Deletes the segments numbered below {@code number}: a flush put all their writes in the store. */
    synchronized void deleteBefore(long number) {
        for (Path file : segments()) {
            if (number(file) < number) {
                LeftoverFiles.deleteQuietly(file);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        while (writing) {
            waitQuietly();
        }
        closed = true;
        try {
            if (segment != null) {
                if (pending.position() > 0) {
                    writeFully(segment, takePending());
                    segment.force(false);
                }
                segment.close();
            }
        } catch (IOException e) {
            LOG.warn("{}: closing the write-behind journal in {} failed: {}", description, dir, e.toString());
        } finally {
            lock.close();
        }
    }

    // ---- files ----

    private void startSegment() {
        segmentNumber++;
        Path file = dir.resolve(String.format("%012d.log", segmentNumber));
        try {
            segment = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            DirectorySync.force(dir); // the new name must survive a crash before its records count
        } catch (IOException e) {
            throw new DepotException("cannot create the write-behind journal segment " + file + " for " + description
                    + ": " + e.getMessage(), e);
        }
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = new ArrayList<>(files.filter(f -> f.getFileName().toString().matches("[0-9]{12}\\.log")).toList());
            found.sort(null);
            return found;
        } catch (IOException e) {
            throw new DepotException("cannot list the write-behind journal " + dir + " of " + description + ": " + e.getMessage(), e);
        }
    }

    private static long number(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - ".log".length()));
    }

    /** Applies the records of one segment up to its end or its first torn record; returns how many. */
    private long read(Path file, BiConsumer<ByteKey, byte[]> apply) {
        ByteBuffer all;
        try {
            all = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new DepotException("cannot read the write-behind journal segment " + file + " of " + description
                    + ": " + e.getMessage(), e);
        }
        long records = 0;
        CRC32C check = new CRC32C();
        while (all.remaining() >= 8) {
            int start = all.position();
            int body = all.getInt();
            int sum = all.getInt();
            if (body < 5 || body > MAX_RECORD || body > all.remaining()) {
                all.position(start);
                break;
            }
            check.reset();
            check.update(all.array(), all.position(), body);
            if ((int) check.getValue() != sum) {
                all.position(start);
                break;
            }
            ByteBuffer record = all.slice(all.position(), body);
            all.position(all.position() + body);
            byte op = record.get();
            byte[] key = new byte[record.getInt()];
            record.get(key);
            byte[] value = null;
            if (op == PUT) {
                value = new byte[record.getInt()];
                record.get(value);
            }
            apply.accept(new ByteKey(key), value);
            records++;
        }
        if (all.hasRemaining()) {
            LOG.warn("{}: {} bytes at the end of journal segment {} are a write cut short by a crash (never acknowledged);"
                    + " ignored", description, all.remaining(), file);
        }
        return records;
    }

    private ByteBuffer takePending() {
        ByteBuffer batch = ByteBuffer.wrap(java.util.Arrays.copyOf(pending.array(), pending.position()));
        pending.clear();
        return batch;
    }

    private static void writeFully(FileChannel channel, ByteBuffer batch) throws IOException {
        while (batch.hasRemaining()) {
            channel.write(batch);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DepotException("the write-behind journal of " + description + " is closed");
        }
        if (broken != null) {
            throw new DepotException("the write-behind journal of " + description + " in " + dir + " cannot take writes: "
                    + broken + "; reopen the Depot (the journal is read back) once the disk is writable");
        }
    }

    private void waitQuietly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepotException("interrupted while waiting for the write-behind journal of " + description, e);
        }
    }
}
