package dev.depot.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.junit.S3ProxyTest;
import dev.depot.testkit.servers.S3ProxyServers;
import dev.depot.testkit.servers.S3ProxyServers.S3Proxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB object goes into and out of the S3 store in a JVM with a 128 MiB heap, at the default
 * part size and upload threads: parts are buffered a few at a time, downloads are streamed.
 */
@S3ProxyTest
class S3HeapTest {

    @Test
    void aOneGibObjectRoundTripsIn128MibOfHeap() throws Exception {
        long size = 1L << 30;
        S3Proxy s3 = S3ProxyServers.shared();
        String url = s3.url(s3.newBucket("heap"));
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx128m"), S3HeapChild.class, url, Long.toString(size))) {
            assertThat(child.waitFor(Duration.ofMinutes(4))).as(child.output()).isZero();
            String heap = child.awaitLine("HEAP ", Duration.ofSeconds(1));
            assertThat(Long.parseLong(heap.substring(5))).isLessThanOrEqualTo(128L << 20);
            System.out.println("S3HeapTest " + child.awaitLine("PUT_MS", Duration.ofSeconds(1)));
            String[] r = child.awaitLine("RESULT ", Duration.ofSeconds(1)).split(" ");
            assertThat(Long.parseLong(r[1])).isEqualTo(size);
            assertThat(r[2]).as("computed while streaming the upload").isEqualTo(r[4]);
            assertThat(r[3]).as("read back").isEqualTo(r[4]);
            assertThat(r[5]).as("recorded on the object").isEqualTo(r[4]);
            assertThat(r[6]).isEqualTo("16");
        }
    }
}
