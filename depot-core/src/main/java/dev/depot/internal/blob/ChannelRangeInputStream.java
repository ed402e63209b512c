package dev.depot.internal.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** At most {@code remaining} bytes of a file channel from its position; closes the channel. */
final class ChannelRangeInputStream extends InputStream {
    private final FileChannel channel;
    private long remaining;

    ChannelRangeInputStream(FileChannel channel, long remaining) {
        this.channel = channel;
        this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)));
        if (n < 0) {
            remaining = 0; // the file was truncated under us (not by Depot, which only renames)
            return -1;
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = Math.max(0, Math.min(n, remaining));
        channel.position(channel.position() + s);
        remaining -= s;
        return s;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
