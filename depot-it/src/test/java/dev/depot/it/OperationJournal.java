package dev.depot.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a soak writer did, one line per event, appended to a file of its own: the intent of an
 * operation before it is called, then how the call ended. Read back by {@link JournalCheck}.
 *
 * <p>Each line is one {@code write(2)}, with no buffer in the JVM, so everything a writer wrote
 * before it was killed with SIGKILL is in the file (the operating system keeps it; only a crash
 * of the machine would need an fsync, and the soak kills processes, not machines). A line cut
 * short can only be the last one, and the reader ignores it. Lines:
 * <pre>
 * I seq P key value   intent: put(key, value)
 * I seq R key         intent: remove(key)
 * I seq M key         intent: merge(key, 1L, Long::sum)
 * A seq               acknowledged: the call returned normally
 * U seq               StoreUnavailableException: the operation may or may not have been applied
 * X seq text          any other exception (a finding to report); treated as unknown
 * </pre>
 * An intent with no outcome line (the writer was killed during the call) is unknown too. Keys
 * and values never contain spaces. Not thread-safe: one writer thread per journal.
 */
final class OperationJournal implements AutoCloseable {
    private final FileChannel channel;

    OperationJournal(Path file) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    void intentPut(long seq, String key, String value) {
        line("I " + seq + " P " + key + " " + value);
    }

    void intentRemove(long seq, String key) {
        line("I " + seq + " R " + key);
    }

    void intentMerge(long seq, String key) {
        line("I " + seq + " M " + key);
    }

    void acknowledged(long seq) {
        line("A " + seq);
    }

    void unavailable(long seq) {
        line("U " + seq);
    }

    void unexpected(long seq, Throwable e) {
        line("X " + seq + " " + (e.getClass().getName() + ": " + e.getMessage()).replaceAll("[\\r\\n]+", " | "));
    }

    private void line(String text) {
        ByteBuffer b = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
