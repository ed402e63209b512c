package dev.depot.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the soak writers' {@link OperationJournal journals} allow the store to hold at the end,
 * and the check of what it does hold.
 *
 * <p>Writers put and remove keys of their own and merge into counters they share. The rules,
 * which hold for any store that keeps every acknowledged write:
 * <ul>
 *   <li>An owned key holds what its last acknowledged operation left (the value of a put,
 *       nothing after a remove, nothing when no operation on it was acknowledged), or what an
 *       unknown operation after that one would leave. A writer stops using a key after an
 *       unknown operation on it (it moves to a new key), so an unknown write that the server
 *       applies late cannot be mistaken for a lost acknowledged one.</li>
 *   <li>A counter holds at least the number of acknowledged merges into it and at most that plus
 *       the unknown ones; with no unknown merge, exactly the acknowledged count.</li>
 *   <li>No key is stored that no journal wrote.</li>
 * </ul>
 * A lost acknowledged put, a resurrected acknowledged remove, or a lost or doubled increment
 * breaks one of them.
 */
final class JournalCheck {
    /** One operation from a journal; {@code outcome} is 'A', 'U', 'X', or '?' when none was written. */
    private record Op(String journal, long seq, char kind, String key, String value, char outcome) {}

    private final Map<String, List<Op>> ownedHistory = new HashMap<>();
    private final Map<String, long[]> counters = new TreeMap<>(); // key -> {acknowledged, unknown}
    private final List<String> unexpected = new ArrayList<>();
    private long operations;
    private long acknowledged;
    private long unknown;

    private JournalCheck() {}

    /** Reads every journal; {@code counterKeys} tells the shared counters from the owned keys. */
    static JournalCheck read(List<Path> journals, Set<String> counterKeys) throws IOException {
        JournalCheck check = new JournalCheck();
        for (String c : counterKeys) {
            check.counters.put(c, new long[2]);
        }
        for (Path journal : journals) {
            check.readOne(journal, counterKeys);
        }
        return check;
    }

    private void readOne(Path journal, Set<String> counterKeys) throws IOException {
        String name = journal.getFileName().toString();
        Map<Long, Op> intents = new LinkedHashMap<>();
        Map<Long, Character> outcomes = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ", 6);
                // A line cut short by SIGKILL can only be the last one; an incomplete one is skipped.
                if (f.length < 2 || f[1].isEmpty() || !f[1].chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long seq = Long.parseLong(f[1]);
                switch (f[0]) {
                    case "I" -> {
                        if (f.length >= 4 && (f[2].equals("R") || f[2].equals("M") || (f[2].equals("P") && f.length >= 5))) {
                            intents.put(seq, new Op(name, seq, f[2].charAt(0), f[3], f[2].equals("P") ? f[4] : null, '?'));
                        }
                    }
                    case "A", "U" -> outcomes.put(seq, f[0].charAt(0));
                    case "X" -> {
                        outcomes.put(seq, 'X');
                        unexpected.add(name + " op " + seq + ": " + line.substring(Math.min(line.length(), 3 + f[1].length())));
                    }
                    default -> { }
                }
            }
        }
        for (Op intent : intents.values()) {
            Op op = new Op(intent.journal(), intent.seq(), intent.kind(), intent.key(), intent.value(),
                    outcomes.getOrDefault(intent.seq(), '?'));
            operations++;
            boolean acked = op.outcome() == 'A';
            if (acked) {
                acknowledged++;
            } else {
                unknown++;
            }
            if (op.kind() == 'M') {
                long[] c = counters.get(op.key());
                if (c == null) {
                    throw new IllegalStateException(name + " merges into " + op.key() + ", which is not a counter");
                }
                c[acked ? 0 : 1]++;
            } else {
                ownedHistory.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
    }

    long operations() {
        return operations;
    }

    long acknowledged() {
        return acknowledged;
    }

    long unknown() {
        return unknown;
    }

    /** Exceptions other than {@code StoreUnavailableException} that the writers met. */
    List<String> unexpected() {
        return unexpected;
    }

    /**
     * Every breach of the rules by what the store holds: {@code owned} is the whole owned map,
     * {@code storedCounters} the whole counter map. Empty when nothing was lost.
     */
    List<String> violations(Map<String, String> owned, Map<String, Long> storedCounters) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<Op>> e : ownedHistory.entrySet()) {
            String key = e.getKey();
            List<Op> ops = e.getValue(); // one journal, in call order
            int last = -1;
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).outcome() == 'A') {
                    last = i;
                }
            }
            Set<String> allowed = new HashSet<>();
            allowed.add(last < 0 ? null : effect(ops.get(last)));
            for (int i = last + 1; i < ops.size(); i++) {
                allowed.add(effect(ops.get(i))); // unknown: applied or not
            }
            String stored = owned.get(key);
            if (!allowed.contains(stored)) {
                Op lastAcked = last < 0 ? null : ops.get(last);
                out.add("key " + key + " holds " + Objects.toString(stored, "nothing") + " but "
                        + (lastAcked == null ? "no operation on it was acknowledged"
                        : lastAcked.journal() + " op " + lastAcked.seq() + " (" + describe(lastAcked) + ") was acknowledged")
                        + "; allowed: " + allowed);
            }
        }
        for (String key : owned.keySet()) {
            if (!ownedHistory.containsKey(key)) {
                out.add("key " + key + " holds " + owned.get(key) + " but no journal wrote it");
            }
        }
        for (Map.Entry<String, long[]> e : counters.entrySet()) {
            long acked = e.getValue()[0];
            long maybe = e.getValue()[1];
            long stored = storedCounters.getOrDefault(e.getKey(), 0L);
            if (stored < acked || stored > acked + maybe) {
                out.add("counter " + e.getKey() + " is " + stored + " but " + acked + " merges were acknowledged and " + maybe
                        + " unknown: expected " + (maybe == 0 ? "exactly " + acked : "between " + acked + " and " + (acked + maybe)));
            }
        }
        for (String key : storedCounters.keySet()) {
            if (!counters.containsKey(key)) {
                out.add("counter " + key + " is stored but no writer merges into it");
            }
        }
        return out;
    }

    /** What the key holds after {@code op}: the put value, or null after a remove. */
    private static String effect(Op op) {
        return op.kind() == 'P' ? op.value() : null;
    }

    private static String describe(Op op) {
        return op.kind() == 'P' ? "put " + op.value() : "remove";
    }
}
