package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's check passes what a store may hold and catches every kind of lost write. */
class JournalCheckTest {
    @TempDir
    Path tmp;

    private JournalCheck journal() throws Exception {
        Path file = tmp.resolve("journal-a1.log");
        try (OperationJournal j = new OperationJournal(file)) {
            j.intentPut(1, "a1.0.0", "a1-1");
            j.acknowledged(1);
            j.intentPut(2, "a1.0.0", "a1-2");
            j.acknowledged(2);            // a1.0.0 = a1-2
            j.intentPut(3, "a1.1.0", "a1-3");
            j.acknowledged(3);
            j.intentRemove(4, "a1.1.0");
            j.acknowledged(4);            // a1.1.0 absent
            j.intentPut(5, "a1.2.0", "a1-5");
            j.acknowledged(5);
            j.intentPut(6, "a1.2.0", "a1-6");
            j.unavailable(6);             // a1.2.0 = a1-5 or a1-6
            j.intentMerge(7, "c0");
            j.acknowledged(7);
            j.intentMerge(8, "c0");
            j.acknowledged(8);
            j.intentMerge(9, "c0");
            j.unavailable(9);             // c0 in [2, 3]
            j.intentMerge(10, "c1");
            j.acknowledged(10);           // c1 = 1 exactly
            j.intentPut(11, "a1.3.0", "a1-11");
            j.unexpected(11, new IllegalStateException("boom\nsecond line"));
            j.intentMerge(12, "c1");      // killed during the call: unknown, c1 in [1, 2]
        }
        Files.writeString(file, "A 1", StandardCharsets.UTF_8, StandardOpenOption.APPEND); // cut short by SIGKILL
        return JournalCheck.read(List.of(file), Set.of("c0", "c1", "c2"));
    }

    private static Map<String, String> owned(String... keysAndValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void whatTheJournalsAllowPasses() throws Exception {
        JournalCheck check = journal();
        assertThat(check.operations()).isEqualTo(12);
        assertThat(check.acknowledged()).isEqualTo(8);
        assertThat(check.unknown()).isEqualTo(4);
        assertThat(check.unexpected()).singleElement().asString().contains("IllegalStateException: boom | second line");
        assertThat(check.violations(owned("a1.0.0", "a1-2", "a1.2.0", "a1-5"), Map.of("c0", 2L, "c1", 1L))).isEmpty();
        assertThat(check.violations(owned("a1.0.0", "a1-2", "a1.2.0", "a1-6", "a1.3.0", "a1-11"), Map.of("c0", 3L, "c1", 2L)))
                .isEmpty();
    }

    @Test
    void aLostAcknowledgedPutIsCaught() throws Exception {
        assertThat(journal().violations(owned("a1.2.0", "a1-5"), Map.of("c0", 2L, "c1", 1L)))
                .singleElement().asString().contains("a1.0.0").contains("holds nothing").contains("op 2 (put a1-2)");
    }

    @Test
    void anOlderValueInsteadOfTheLastAcknowledgedPutIsCaught() throws Exception {
        assertThat(journal().violations(owned("a1.0.0", "a1-1", "a1.2.0", "a1-5"), Map.of("c0", 2L, "c1", 1L)))
                .singleElement().asString().contains("a1.0.0 holds a1-1");
    }

    @Test
    void aResurrectedAcknowledgedRemoveIsCaught() throws Exception {
        assertThat(journal().violations(owned("a1.0.0", "a1-2", "a1.1.0", "a1-3", "a1.2.0", "a1-5"), Map.of("c0", 2L, "c1", 1L)))
                .singleElement().asString().contains("a1.1.0 holds a1-3").contains("(remove)");
    }

    @Test
    void lostOrDoubledIncrementsAreCaught() throws Exception {
        JournalCheck check = journal();
        Map<String, String> ok = owned("a1.0.0", "a1-2", "a1.2.0", "a1-5");
        assertThat(check.violations(ok, Map.of("c0", 1L, "c1", 1L))).singleElement().asString()
                .contains("counter c0 is 1").contains("between 2 and 3");
        assertThat(check.violations(ok, Map.of("c0", 4L, "c1", 1L))).singleElement().asString().contains("counter c0 is 4");
        assertThat(check.violations(ok, Map.of("c0", 2L, "c1", 3L))).singleElement().asString().contains("counter c1 is 3");
        assertThat(check.violations(ok, Map.of("c0", 2L, "c1", 1L, "c2", 1L))).singleElement().asString()
                .contains("counter c2 is 1").contains("exactly 0");
    }

    @Test
    void aKeyNoJournalWroteIsCaught() throws Exception {
        assertThat(journal().violations(owned("a1.0.0", "a1-2", "a1.2.0", "a1-5", "b1.0.0", "x"), Map.of("c0", 2L, "c1", 1L)))
                .singleElement().asString().contains("b1.0.0").contains("no journal wrote it");
    }
}
