package dev.depot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testkit.junit.IntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB object goes in and out of the filesystem store in a JVM with a 128 MiB heap: nothing is held whole. */
@IntegrationTest
class BlobHeapTest {
    @TempDir
    Path dir;

    @Test
    void aOneGibObjectRoundTripsIn128MibOfHeap() throws Exception {
        long size = 1L << 30;
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx128m"), BlobHeapChild.class, dir.resolve("media").toString(), Long.toString(size))) {
            assertThat(child.waitFor(Duration.ofMinutes(3))).as(child.output()).isZero();
            String heap = child.awaitLine("HEAP ", Duration.ofSeconds(1));
            assertThat(Long.parseLong(heap.substring(5))).isLessThanOrEqualTo(128L << 20);
            System.out.println(child.awaitLine("PUT_MS", Duration.ofSeconds(1)));
            String[] r = child.awaitLine("RESULT ", Duration.ofSeconds(1)).split(" ");
            assertThat(Long.parseLong(r[1])).isEqualTo(size);
            assertThat(r[2]).isEqualTo(r[4]); // what put computed while streaming
            assertThat(r[3]).isEqualTo(r[4]); // what was read back
            assertThat(r[5]).isEqualTo("16");
        }
    }
}
