package dev.depot.testkit;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.ByteRange;
import dev.depot.DepotConfig;

/** Puts and reads back one object of the given size through the filesystem store, in whatever heap it is given. */
public final class BlobHeapChild {
    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[1]);
        System.out.println("HEAP " + Runtime.getRuntime().maxMemory());
        BlobStore store = BlobStore.open("file:" + args[0], DepotConfig.builder().build());
        long t0 = System.nanoTime();
        BlobInfo put = store.put("huge.bin", GeneratedBytes.stream(size, 42), size, BlobOptions.publicRead());
        long t1 = System.nanoTime();
        String read = BlobStoreContractTests.sha256(store.open("huge.bin"));
        long t2 = System.nanoTime();
        String expected = GeneratedBytes.sha256(size, 42);
        byte[] tail = store.open("huge.bin", ByteRange.from(size - 16)).readAllBytes();
        System.out.println("PUT_MS " + (t1 - t0) / 1_000_000 + " READ_MS " + (t2 - t1) / 1_000_000);
        System.out.println("RESULT " + put.size() + " " + put.sha256() + " " + read + " " + expected + " " + tail.length);
    }
}
