package dev.depot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.SessionLockedException;
import dev.depot.spi.ByteKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-behind journal's files: what comes back after a crash, and what never does. */
class WriteJournalTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every record of the journal in {@code dir}, as "key=value" ("key=-" for a removal), read by a new instance. */
    private List<String> readBack() {
        List<String> seen = new ArrayList<>();
        try (WriteJournal j = WriteJournal.open(dir, "test map")) {
            j.recover((k, v) -> seen.add(new String(k.bytes(), StandardCharsets.UTF_8) + "=" + (v == null ? "-"
                    : new String(v, StandardCharsets.UTF_8))));
        }
        return seen;
    }

    private List<Path> segments() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void durableWritesComeBackInOrder() {
        WriteJournal j = WriteJournal.open(dir, "test map");
        j.recover((k, v) -> {});
        j.awaitDurable(j.append(b("a"), b("1")));
        j.awaitDurable(j.append(b("b"), b("2")));
        j.awaitDurable(j.append(b("a"), null));
        j.awaitDurable(j.append(b("a"), b("3")));
        j.close(); // everything was durable already: close writes nothing more

        assertThat(readBack()).containsExactly("a=1", "b=2", "a=-", "a=3");
    }

    @Test
    void aTornLastRecordIsIgnoredAndTheRecordsBeforeItKept() throws Exception {
        try (WriteJournal j = WriteJournal.open(dir, "test map")) {
            j.recover((k, v) -> {});
            j.awaitDurable(j.append(b("a"), b("1")));
            j.awaitDurable(j.append(b("b"), b("22222222")));
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3); // the kill hit in the middle of writing the last record
        }
        assertThat(readBack()).containsExactly("a=1");
    }

    @Test
    void aRecordWithABadChecksumEndsItsSegmentButNotTheNextOnes() throws Exception {
        try (WriteJournal j = WriteJournal.open(dir, "test map")) {
            j.recover((k, v) -> {});
            j.awaitDurable(j.append(b("a"), b("1")));
            j.awaitDurable(j.append(b("b"), b("2")));
            j.roll();
            j.awaitDurable(j.append(b("c"), b("3")));
        }
        Path first = segments().get(0);
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 1] ^= 0x55; // damage the last byte of b's value
        Files.write(first, bytes);
        assertThat(readBack()).containsExactly("a=1", "c=3");
    }

    @Test
    void segmentsBeforeAFlushedRollAreDeletedAndLaterOnesKept() throws Exception {
        try (WriteJournal j = WriteJournal.open(dir, "test map")) {
            j.recover((k, v) -> {});
            j.awaitDurable(j.append(b("a"), b("1")));
            long flushed = j.roll(); // a flush took "a"
            j.awaitDurable(j.append(b("b"), b("2")));
            j.deleteBefore(flushed); // ... and put it in the store
        }
        assertThat(readBack()).containsExactly("b=2");
    }

    @Test
    void concurrentWritersAreAllDurableWhenTheyReturn() throws Exception {
        int threads = 8;
        int each = 500;
        WriteJournal j = WriteJournal.open(dir, "test map");
        j.recover((k, v) -> {});
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < each; i++) {
                    String key = thread + "-" + i;
                    long seq;
                    synchronized (j) { // the write-behind map appends under its own lock
                        seq = j.append(b(key), b("v"));
                    }
                    j.awaitDurable(seq);
                    acknowledged.add(key + "=v");
                }
            }));
        }
        start.countDown();
        for (Thread w : writers) {
            w.join();
        }
        j.close();
        assertThat(readBack()).containsExactlyInAnyOrderElementsOf(acknowledged).hasSize(threads * each);
    }

    @Test
    void aSecondOpenOfTheSameJournalIsRefusedNamingTheHolder() {
        try (WriteJournal j = WriteJournal.open(dir, "map 'm' in sqlite:x.db")) {
            assertThatThrownBy(() -> WriteJournal.open(dir, "map 'm' in sqlite:x.db"))
                    .isInstanceOf(SessionLockedException.class)
                    .hasMessageContaining("write-behind journal of map 'm'")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void aNewRunNeverAppendsToASegmentOfTheLastOne() throws Exception {
        try (WriteJournal j = WriteJournal.open(dir, "test map")) {
            j.recover((k, v) -> {});
            j.awaitDurable(j.append(b("a"), b("1")));
        }
        List<Path> before = segments();
        long lastSize = Files.size(before.get(before.size() - 1));
        try (WriteJournal j = WriteJournal.open(dir, "test map")) {
            List<ByteKey> seen = new ArrayList<>();
            j.recover((k, v) -> seen.add(k));
            assertThat(seen).hasSize(1);
            j.awaitDurable(j.append(b("b"), b("2")));
        }
        assertThat(segments()).hasSize(before.size() + 1);
        assertThat(Files.size(before.get(before.size() - 1))).as("the old segment is unchanged").isEqualTo(lastSize);
        assertThat(readBack()).containsExactly("a=1", "b=2");
    }
}
