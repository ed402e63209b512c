package dev.depot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.BlobInfo;
import dev.depot.BlobStore;
import dev.depot.DepotConfig;

import dev.depot.testkit.junit.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing large objects is killed with SIGKILL at random moments, three times: every
 * key then lists a complete object with its own metadata (size and SHA-256 match what was
 * written) or does not exist, an overwritten key holds one whole version, and the upload cut
 * short is nowhere in a listing.
 */
@IntegrationTest
class FileBlobStoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesCompleteObjectsOrNone() throws Exception {
        Path folder = dir.resolve("media");
        Random random = new Random();
        Set<String> acknowledged = new HashSet<>();
        for (int run = 0; run < 3; run++) {
            int first = run * 1000;
            try (ChildJvm child = ChildJvm.start(FileBlobWriterChild.class, folder.toString(), Integer.toString(first))) {
                child.awaitLine("READY", Duration.ofSeconds(60));
                child.awaitLine("PUT " + (first + 2), Duration.ofSeconds(120));
                Thread.sleep(random.nextInt(400)); // somewhere inside a later upload or rename
                child.kill();
                for (String line : child.output().split("\n")) {
                    if (line.startsWith("PUT ")) {
                        acknowledged.add("big/" + line.substring(4));
                    }
                }
            }
        }

        BlobStore store = BlobStore.open("file:" + folder, DepotConfig.builder().build());
        List<BlobInfo> listed;
        try (Stream<BlobInfo> s = store.list("", null)) {
            listed = s.toList();
        }
        Set<String> keys = new HashSet<>();
        for (BlobInfo info : listed) {
            keys.add(info.key());
            if (info.key().equals("same")) {
                int v = Integer.parseInt(info.metadata().get("version"));
                assertThat(info.size()).isEqualTo(FileBlobWriterChild.sameSize(v));
                assertThat(info.contentType()).isEqualTo(FileBlobWriterChild.sameType(v));
                String sha = GeneratedBytes.sha256(FileBlobWriterChild.sameSize(v), 1_000_000 + v);
                assertThat(info.sha256()).isEqualTo(sha);
                assertThat(BlobStoreContractTests.sha256(store.open("same"))).isEqualTo(sha);
                continue;
            }
            assertThat(info.key()).startsWith("big/");
            int n = Integer.parseInt(info.key().substring(4));
            long size = FileBlobWriterChild.bigSize(n);
            String sha = GeneratedBytes.sha256(size, n);
            assertThat(info.size()).as(info.key()).isEqualTo(size);
            assertThat(info.metadata()).as(info.key()).containsEntry("seed", Integer.toString(n));
            assertThat(info.sha256()).as(info.key()).isEqualTo(sha);
            assertThat(BlobStoreContractTests.sha256(store.open(info.key()))).as(info.key()).isEqualTo(sha);
        }
        assertThat(keys).containsAll(acknowledged).contains("same");

        // What the killed uploads left behind is only in the reserved folder, which no listing shows,
        // and it is removed once it is an hour old, when a store opens the folder.
        Path tmp = folder.resolve(".depot\\").resolve("tmp");
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp)) {
            files.forEach(leftovers::add);
        }
        for (Path p : leftovers) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        }
        BlobStore reopened = BlobStore.open("file:" + folder, DepotConfig.builder().build());
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.toList()).isEmpty();
        }
        try (Stream<BlobInfo> s = reopened.list("", null)) {
            assertThat(s.map(BlobInfo::key).toList()).containsExactlyInAnyOrderElementsOf(keys);
        }
        assertThat(reopened.head("same").orElseThrow().sha256()).isEqualTo(store.head("same").orElseThrow().sha256());
    }

}
