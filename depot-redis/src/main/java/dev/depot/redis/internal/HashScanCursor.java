package dev.depot.redis.internal;

import dev.depot.DepotException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The opaque cursor of a map scan: Redis' own {@code HSCAN} cursor, plus the keys of a step that
 * returned more entries than the page may hold.
 *
 * <p>{@code HSCAN}'s {@code COUNT} is a hint: a small hash (listpack-encoded, up to
 * {@code hash-max-listpack-entries}, 128 by default) comes back whole in one step, and a large
 * one may return a few more than asked. The surplus is not dropped and not fetched twice: its
 * keys ride in the cursor, and the following pages read their current values with one
 * {@code HMGET} each. A key deleted meanwhile is skipped, a key added meanwhile is left to the
 * rest of the scan, which is what weakly consistent iteration allows. The surplus is at most one
 * {@code HSCAN} step, so the cursor stays small.
 *
 * @param redisCursor the {@code HSCAN} cursor to continue from after {@code pending}
 * @param finished    true when {@code HSCAN} has reported the end; only {@code pending} is left
 * @param pending     keys already seen by {@code HSCAN} but not yet returned
 */
record HashScanCursor(String redisCursor, boolean finished, List<byte[]> pending) {
    private static final int VERSION = 1;

    static final HashScanCursor START = new HashScanCursor("0", false, List.of());

    /** The cursor to hand to the caller, or null when nothing is left. */
    byte[] encodeOrNull() {
        if (finished && pending.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeBoolean(finished);
            byte[] c = redisCursor.getBytes(StandardCharsets.US_ASCII);
            out.writeShort(c.length);
            out.write(c);
            out.writeInt(pending.size());
            for (byte[] k : pending) {
                out.writeInt(k.length);
                out.write(k);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static HashScanCursor decode(byte[] cursor, String map) {
        if (cursor == null) {
            return START;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(cursor))) {
            if (in.readByte() != VERSION) {
                throw new IOException("unknown version");
            }
            boolean finished = in.readBoolean();
            byte[] c = new byte[in.readUnsignedShort()];
            in.readFully(c);
            int n = in.readInt();
            if (n < 0 || n > cursor.length) {
                throw new IOException("bad key count");
            }
            List<byte[]> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > cursor.length) {
                    throw new IOException("bad key length");
                }
                byte[] k = new byte[len];
                in.readFully(k);
                pending.add(k);
            }
            return new HashScanCursor(new String(c, StandardCharsets.US_ASCII), finished, pending);
        } catch (IOException e) {
            throw new DepotException("the scan cursor of " + map + " is not one this store returned", e);
        }
    }
}
