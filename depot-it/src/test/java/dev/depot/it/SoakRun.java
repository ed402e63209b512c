package dev.depot.it;

import dev.depot.Codec;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.ChildJvm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writer processes of one soak ({@link SoakWriter}) and what they journalled: starts them,
 * kills, freezes and restarts them, tells whether each made progress, stops them, and checks
 * the store against their journals. Not thread-safe: the test's thread drives it.
 */
final class SoakRun implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(90);

    private final Path dir;
    private final String url;
    private final String directUrl;
    private final String prefix;
    private final Path stopFile;
    private final Map<String, Writer> live = new LinkedHashMap<>();
    private final List<Path> journals = new ArrayList<>();
    private final Map<String, Integer> incarnations = new HashMap<>();

    /** One running writer process and how far its journal was read. */
    private static final class Writer {
        final String id;
        final ChildJvm jvm;
        final Path journal;
        long offset;
        long acks;

        Writer(String id, ChildJvm jvm, Path journal) {
            this.id = id;
            this.jvm = jvm;
            this.journal = journal;
        }
    }

    SoakRun(Path dir, String url, String directUrl, String prefix) {
        this.dir = dir;
        this.url = url;
        this.directUrl = directUrl;
        this.prefix = prefix;
        this.stopFile = dir.resolve("stop");
    }

    /** Starts writer {@code name} (a new incarnation with keys of its own) and waits until it opened the store. */
    void start(String name) throws InterruptedException {
        int n = incarnations.merge(name, 1, Integer::sum);
        String id = name + n;
        Path journal = dir.resolve("journal-" + id + ".log");
        journals.add(journal);
        List<String> args = new ArrayList<>(List.of(url, prefix, id, journal.toString(), stopFile.toString(),
                dir.resolve("session-" + id).toString()));
        if (directUrl != null) {
            args.add(directUrl);
        }
        ChildJvm jvm = ChildJvm.start(SoakWriter.class, args.toArray(String[]::new));
        live.put(name, new Writer(id, jvm, journal));
        jvm.awaitLine("READY", READY);
    }

    /** SIGKILL to writer {@code name}, then a new incarnation of it. */
    String killAndRestart(String name) throws InterruptedException {
        Writer w = live.remove(name);
        w.jvm.kill();
        start(name);
        return "SIGKILL writer " + w.id + ", restarted as " + live.get(name).id;
    }

    /** SIGSTOP to writer {@code name} for {@code pause}, then SIGCONT. */
    String pause(String name, Duration pause) throws InterruptedException {
        Writer w = live.get(name);
        ProcessTree tree = ProcessTree.of(w.jvm.pid());
        tree.pause();
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            tree.resume();
        }
        return "SIGSTOP writer " + w.id + " for " + pause.toMillis() + " ms";
    }

    /**
     * Waits until every running writer has journalled an acknowledged operation after this call:
     * the store works again after a fault. Fails naming the writer when one does not within
     * {@code timeout} (a hang, or a store that does not come back).
     */
    void awaitProgress(Duration timeout, String after) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Writer w : live.values()) {
            long before = readAcks(w);
            while (readAcks(w) == before) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("writer " + w.id + " acknowledged no operation within " + timeout + " after "
                            + after + " (alive: " + isAlive(w) + "); its output:\n" + w.jvm.output());
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean isAlive(Writer w) {
        return ProcessHandle.of(w.jvm.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The writer's acknowledged operations so far, reading only the journal's new complete lines. */
    private static long readAcks(Writer w) throws IOException {
        if (!Files.exists(w.journal)) {
            return w.acks;
        }
        try (RandomAccessFile f = new RandomAccessFile(w.journal.toFile(), "r")) {
            long length = f.length();
            if (length <= w.offset) {
                return w.acks;
            }
            byte[] b = new byte[(int) Math.min(length - w.offset, 8 << 20)];
            f.seek(w.offset);
            f.readFully(b);
            int end = -1;
            for (int i = b.length - 1; i >= 0; i--) {
                if (b[i] == '\n') {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                return w.acks;
            }
            for (String line : new String(b, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("A ")) {
                    w.acks++;
                }
            }
            w.offset += end + 1;
            return w.acks;
        }
    }

    /** Creates the stop file and waits for every writer to close its Depot and exit with 0. */
    void stopWriters() throws IOException, InterruptedException {
        Files.createFile(stopFile);
        for (Writer w : live.values()) {
            w.jvm.awaitLine("DONE", Duration.ofSeconds(90));
            int code = w.jvm.waitFor(Duration.ofSeconds(60));
            if (code != 0) {
                throw new AssertionError("writer " + w.id + " exited with " + code + "; its output:\n" + w.jvm.output());
            }
        }
        live.clear();
    }

    /** Reads the journals and the store (through a Depot of its own, no cache) and checks one against the other. */
    SoakResult check() throws IOException {
        Set<String> counterKeys = new LinkedHashSet<>();
        for (int i = 0; i < SoakWriter.COUNTER_KEYS; i++) {
            counterKeys.add(SoakWriter.counterKey(i));
        }
        JournalCheck check = JournalCheck.read(journals, counterKeys);
        DepotConfig.Builder config = DepotConfig.builder().url(url).prefix(prefix).sharedAccess(true)
                .cacheTtl(Duration.ZERO).sessionDir(dir.resolve("session-check"));
        if (directUrl != null) {
            config.storeParam("directUrl", directUrl);
        }
        Map<String, String> owned;
        Map<String, Long> counters;
        try (Depot depot = Depot.open(config.build())) {
            owned = new HashMap<>(depot.map(SoakWriter.OWNED, Codec.STRING, Codec.STRING));
            counters = new HashMap<>(depot.map(SoakWriter.COUNTERS, Codec.STRING, Codec.LONG));
        }
        return new SoakResult(check, check.violations(owned, counters), owned.size());
    }

    /** What the journals and the store said. */
    record SoakResult(JournalCheck journals, List<String> violations, int ownedKeysStored) {}

    @Override
    public void close() throws InterruptedException {
        for (Writer w : live.values()) {
            try {
                ProcessTree.of(w.jvm.pid()).resume(); // a test that failed during a pause must not leave it frozen
            } catch (RuntimeException ignored) {
                // gone already
            }
            w.jvm.close();
        }
        live.clear();
    }
}
