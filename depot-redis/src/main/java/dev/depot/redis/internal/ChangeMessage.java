package dev.depot.redis.internal;

import dev.depot.spi.ChangeKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One change notification as published on a prefix's change channel: which process wrote
 * (origin), what it did (kind), to which map, and the keys (one, several for a {@code putAll}
 * chunk, none for a clear). Binary, since keys are arbitrary bytes:
 * {@code kind(1) originLen(1) origin mapLen(2) map (keyLen(4) key)*}. Built by Java and passed to
 * the write's Lua script, which publishes it as is.
 *
 * <p>Immutable; {@link #decode} throws {@link IllegalArgumentException} on a malformed message
 * (another program publishing on the channel), which the feed logs and skips.
 */
record ChangeMessage(String origin, ChangeKind kind, String map, List<byte[]> keys) {

    /** The longest origin: one length byte. */
    static final int MAX_ORIGIN = 255;

    /** The channel of a prefix's changes: not a key, and named so {@code PUBSUB CHANNELS depot:*} finds it. */
    static byte[] channel(String prefix) {
        return ("depot:" + prefix + ":changes").getBytes(StandardCharsets.US_ASCII);
    }

    /** The message, encoded. */
    byte[] encode() {
        byte[] o = origin.getBytes(StandardCharsets.UTF_8);
        byte[] m = map.getBytes(StandardCharsets.UTF_8);
        if (o.length > MAX_ORIGIN || m.length > 0xFFFF) {
            throw new IllegalArgumentException("origin or map name too long for a change message");
        }
        int size = 1 + 1 + o.length + 2 + m.length;
        for (byte[] k : keys) {
            size += 4 + k.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(code(kind)).put((byte) o.length).put(o).putShort((short) m.length).put(m);
        for (byte[] k : keys) {
            b.putInt(k.length).put(k);
        }
        return b.array();
    }

    /** Whether {@code message} was published by {@code origin}, read without decoding the rest. */
    static boolean from(byte[] message, byte[] origin) {
        if (message.length < 2 + origin.length || (message[1] & 0xFF) != origin.length) {
            return false;
        }
        for (int i = 0; i < origin.length; i++) {
            if (message[2 + i] != origin[i]) {
                return false;
            }
        }
        return true;
    }

    static ChangeMessage decode(byte[] message) {
        try {
            ByteBuffer b = ByteBuffer.wrap(message);
            ChangeKind kind = kind(b.get());
            String origin = string(b, b.get() & 0xFF);
            String map = string(b, b.getShort() & 0xFFFF);
            List<byte[]> keys = new ArrayList<>();
            while (b.hasRemaining()) {
                byte[] k = new byte[b.getInt()];
                b.get(k);
                keys.add(k);
            }
            return new ChangeMessage(origin, kind, map, keys);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Depot change message (" + message.length + " bytes)", e);
        }
    }

    private static String string(ByteBuffer b, int length) {
        byte[] s = new byte[length];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte code(ChangeKind kind) {
        return switch (kind) {
            case PUT -> 'P';
            case REMOVE -> 'R';
            case CLEAR -> 'C';
        };
    }

    private static ChangeKind kind(byte code) {
        return switch (code) {
            case 'P' -> ChangeKind.PUT;
            case 'R' -> ChangeKind.REMOVE;
            case 'C' -> ChangeKind.CLEAR;
            default -> throw new IllegalArgumentException("unknown change kind " + code);
        };
    }
}
