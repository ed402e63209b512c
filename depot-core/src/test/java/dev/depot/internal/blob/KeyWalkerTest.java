package dev.depot.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing walk against a sort of every key: a flat folder read in chunks of 100 names gives
 * the same keys in the same (UTF-8 byte) order as one read whole, with prefixes and startAfter.
 */
class KeyWalkerTest {
    @TempDir
    Path root;

    List<String> expected = new ArrayList<>();

    @BeforeEach
    void tree() throws Exception {
        Random random = new Random(7);
        String[] alphabet = {"a", "b", "-", ".", "0", "z", "\u00e9", "\uff5a", "\ud83d\ude00", "_"};
        for (int i = 0; i < 1_234; i++) {
            StringBuilder name = new StringBuilder();
            for (int j = 0, n = 1 + random.nextInt(6); j < n; j++) {
                name.append(alphabet[random.nextInt(alphabet.length)]);
            }
            name.append(i);
            create("flat/" + name);
        }
        for (String k : List.of("flat/d-1/x", "flat/d.0/y", "flat/d/z", "flat/d/zz/deep", "flat/d0", "top", "t/u")) {
            create(k);
        }
        Files.createDirectories(root.resolve(FileBlobStore.RESERVED).resolve("meta/flat"));
        Files.write(root.resolve(FileBlobStore.RESERVED).resolve("meta/flat/hidden"), new byte[1]);
        expected.sort(FileBlobStore::compareUtf8);
    }

    private void create(String key) throws Exception {
        Path p = root.resolve(key);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[1]);
        expected.add(key);
    }

    private List<String> walk(String prefix, String startAfter, int chunk) {
        try (Stream<String> s = new KeyWalker(root, prefix, startAfter, FileBlobStore.RESERVED, chunk).stream()) {
            return s.toList();
        }
    }

    @Test
    void chunkedWalkMatchesTheSortedKeys() {
        assertThat(walk("", null, 100)).containsExactlyElementsOf(expected);
        assertThat(walk("", null, KeyWalker.CHUNK)).containsExactlyElementsOf(expected);
    }

    @Test
    void prefixesAndStartAfterCutTheSameList() {
        for (String prefix : List.of("flat/", "flat/d", "flat/d/", "flat/a", "t", "nothing/")) {
            assertThat(walk(prefix, null, 100)).as(prefix)
                    .containsExactlyElementsOf(expected.stream().filter(k -> k.startsWith(prefix)).toList());
        }
        for (int i : new int[] {0, 1, 99, 100, 101, 1_000, expected.size() - 1}) {
            String after = expected.get(i);
            assertThat(walk("", after, 100)).as(after).containsExactlyElementsOf(expected.subList(i + 1, expected.size()));
        }
        assertThat(walk("", "flat/d/", 100).get(0)).isEqualTo("flat/d/z");
    }
}
