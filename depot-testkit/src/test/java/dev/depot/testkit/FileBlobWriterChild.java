package dev.depot.testkit;

import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.DepotConfig;

/**
 * A process that writes large objects until it is killed: new keys {@code big/<n>}, and the key
 * {@code same} overwritten with two alternating versions. Prints {@code PUT <n>} after each pair.
 */
public final class FileBlobWriterChild {
    static final int MIB = 1 << 20;

    static long bigSize(int n) {
        return 4L * MIB + (n % 5) * MIB + n;
    }

    static long sameSize(int version) {
        return version == 0 ? 3L * MIB : 5L * MIB + 7;
    }

    static String sameType(int version) {
        return version == 0 ? "text/plain" : "image/png";
    }

    public static void main(String[] args) {
        BlobStore store = BlobStore.open("file:" + args[0], DepotConfig.builder().build());
        int first = Integer.parseInt(args[1]);
        System.out.println("READY");
        for (int n = first; ; n++) {
            store.put("big/" + n, GeneratedBytes.stream(bigSize(n), n), bigSize(n),
                    BlobOptions.publicRead().contentType("application/x-test").metadata("seed", Integer.toString(n)));
            int v = n % 2;
            store.put("same", GeneratedBytes.stream(sameSize(v), 1_000_000 + v), v == 0 ? sameSize(v) : -1,
                    BlobOptions.publicRead().contentType(sameType(v)).metadata("version", Integer.toString(v)));
            System.out.println("PUT " + n);
        }
    }
}
