package dev.depot.s3.internal;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.ByteRange;
import dev.depot.testkit.BlobStoreContractTests;
import dev.depot.testkit.GeneratedBytes;

/**
 * Puts one object of the given size (known or unknown length) through the S3 store and reads it
 * back, in whatever heap it is given; prints the heap, the times and the checksums.
 */
public final class S3HeapChild {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        long size = Long.parseLong(args[1]);
        boolean unknownLength = args.length > 2 && args[2].equals("unknown");
        System.out.println("HEAP " + Runtime.getRuntime().maxMemory());
        try (S3BlobStore store = S3TestSupport.open(url)) {
            long t0 = System.nanoTime();
            BlobInfo put = store.put("huge.bin", GeneratedBytes.stream(size, 42), unknownLength ? -1 : size,
                    BlobOptions.privateRead().contentType("application/octet-stream"));
            long t1 = System.nanoTime();
            String read = BlobStoreContractTests.sha256(store.open("huge.bin"));
            long t2 = System.nanoTime();
            String recorded = store.head("huge.bin").orElseThrow().sha256();
            byte[] tail = store.open("huge.bin", ByteRange.from(size - 16)).readAllBytes();
            store.delete("huge.bin"); // a gigabyte per run would pile up in target/servers
            System.out.println("PUT_MS " + (t1 - t0) / 1_000_000 + " READ_MS " + (t2 - t1) / 1_000_000);
            System.out.println("RESULT " + put.size() + " " + put.sha256() + " " + read + " "
                    + GeneratedBytes.sha256(size, 42) + " " + recorded + " " + tail.length);
        }
    }
}
