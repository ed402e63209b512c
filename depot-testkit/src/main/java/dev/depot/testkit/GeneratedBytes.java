package dev.depot.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random bytes of any length, made on the fly: for tests that write objects
 * far larger than the heap. The same size and seed always give the same bytes.
 */
public final class GeneratedBytes {
    private GeneratedBytes() {}

    /** A stream of {@code size} bytes from {@code seed}; never holds more than a small buffer. */
    public static InputStream stream(long size, long seed) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = size;
            private long word;
            private int wordLeft;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    if (wordLeft == 0) {
                        word = random.nextLong();
                        wordLeft = 8;
                    }
                    b[off + i] = (byte) word;
                    word >>>= 8;
                    wordLeft--;
                }
                left -= n;
                return n;
            }
        };
    }

    /** Lowercase hex SHA-256 of {@link #stream(long, long)}, computed by streaming. */
    public static String sha256(long size, long seed) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[256 * 1024];
            try (InputStream in = stream(size, seed)) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first {@code failAt} bytes of {@link #stream(long, long)}, then an {@link IOException}:
     * an upload source that breaks halfway (a disk read error).
     */
    public static InputStream failingAt(long failAt, long seed) {
        return new SequenceInputStream(stream(failAt, seed), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk read error (injected) at byte " + failAt);
            }
        });
    }
}
