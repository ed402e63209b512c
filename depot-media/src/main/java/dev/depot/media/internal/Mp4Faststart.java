/*
 * Over 300 lines because it writes a whole MP4 index: each box it keeps is rebuilt or checked
 * here, with the allowlist that keeps private metadata out and the chunk accounting that proves
 * the data box holds nothing else; apart, the allowlist would be split from what it guards.
 */
package dev.depot.media.internal;

import dev.depot.media.internal.Mp4Header.Box;
import dev.depot.media.internal.Mp4Header.Unsure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The stored copy of a passthrough MP4 made in Java instead of by {@code ffmpeg -c copy
 * -map_metadata -1 -map_chapters -1 -movflags +faststart}: {@code ftyp}, a new {@code moov}, then
 * the one {@code mdat} copied byte for byte. The new index keeps only what playback needs, from an
 * allowlist (times set to zero, handler names and the compressor name replaced, no {@code udta},
 * {@code meta}, {@code uuid} or unknown box at any level), and its chunk offsets move with the data.
 *
 * <p>It answers only when {@link Mp4Header} reads the file, its tracks are exactly what the
 * ffmpeg copy keeps (one H.264 video track and at most one AAC track), there is one {@code mdat}
 * and the tracks' chunks fill it exactly, end to end: a byte of the data box that no kept sample
 * uses (another track's samples, a hidden payload) would otherwise reach the stored copy. Anything
 * else is {@code false} and the caller runs ffmpeg. Stateless and thread-safe.
 */
final class Mp4Faststart {
    /** The {@code ftyp} ffmpeg writes for such a file. */
    private static final byte[] FTYP = box("ftyp", "isom\0\0\2\0isomiso2avc1mp41".getBytes(StandardCharsets.ISO_8859_1));
    /** Sample-table boxes kept as they are: numbers only, no text. */
    private static final Set<String> KEPT_TABLES = Set.of("stts", "ctts", "cslg", "stss", "stps", "sdtp", "stsc", "stsz");

    private Mp4Faststart() {}

    /**
     * Writes the stripped, index-first copy of {@code in} to {@code out}.
     *
     * @return false (and {@code out} removed) when the file is not one this class is sure of; the
     *         caller then makes the copy with ffmpeg
     * @throws IOException when {@code out} cannot be written
     */
    static boolean write(Path in, Path out) throws IOException {
        try (FileChannel src = FileChannel.open(in, StandardOpenOption.READ)) {
            Mp4Header.Layout layout = Mp4Header.layout(src);
            FfProbe.Probe probe = Mp4Header.read(in).orElse(null);
            // The ffmpeg copy keeps the first video and the first audio stream: only files that have no other are sure.
            if (probe == null || probe.streams().stream().filter(FfProbe.Stream::isVideo).count() != 1
                    || probe.streams().size() > 2) {
                return false;
            }
            if (layout.mdats().size() != 1) {
                return false;
            }
            long[] mdat = layout.mdats().get(0);
            List<Box> movie = Mp4Header.children(layout.moov());
            List<Box> traks = movie.stream().filter(b -> b.type().equals("trak")).toList();
            if (traks.isEmpty() || traks.size() > 2) {
                return false;
            }
            List<long[]> chunks = new ArrayList<>();
            for (Box trak : traks) {
                chunks.addAll(chunks(trak));
            }
            if (!fills(chunks, mdat[0], mdat[1])) {
                return false;
            }
            // The moov's size does not depend on the offsets it holds: built once to learn it, then for real.
            int moovSize = moov(movie, 0).length;
            long delta = FTYP.length + moovSize + 8L - mdat[0];
            byte[] moov = moov(movie, delta);
            if (moov.length != moovSize || mdat[1] + 8 > 0xffffffffL) {
                return false;
            }
            try (FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeAll(dst, ByteBuffer.wrap(FTYP));
                writeAll(dst, ByteBuffer.wrap(moov));
                writeAll(dst, ByteBuffer.allocate(8).putInt((int) (mdat[1] + 8)).put(ascii("mdat")).flip());
                long copied = 0;
                while (copied < mdat[1]) {
                    long n = src.transferTo(mdat[0] + copied, mdat[1] - copied, dst);
                    if (n <= 0) {
                        throw new IOException("the upload ended while its data was copied");
                    }
                    copied += n;
                }
            }
            return true;
        } catch (Unsure | RuntimeException e) {
            Files.deleteIfExists(out);
            return false;
        } catch (IOException e) {
            Files.deleteIfExists(out);
            throw e;
        }
    }

    /** True when the chunks, sorted, start at the data's start, touch end to end and stop at its end. */
    static boolean fills(List<long[]> chunks, long start, long length) {
        long[][] sorted = chunks.toArray(long[][]::new);
        Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        long at = start;
        for (long[] c : sorted) {
            if (c[0] != at) {
                return false;
            }
            at += c[1];
        }
        return at == start + length;
    }

    /** Each chunk of a track as {offset, bytes}, from its chunk offsets, sample-to-chunk and sample sizes. */
    private static List<long[]> chunks(Box trak) throws Unsure {
        List<Box> stbl = stbl(trak);
        ByteBuffer stsz = Mp4Header.only(stbl, "stsz").body().duplicate();
        Mp4Header.fullBoxVersion(stsz);
        long fixed = stsz.getInt() & 0xffffffffL;
        long samples = stsz.getInt() & 0xffffffffL;
        long[] offsets = offsets(stbl);
        ByteBuffer stsc = Mp4Header.only(stbl, "stsc").body().duplicate();
        Mp4Header.fullBoxVersion(stsc);
        long entries = stsc.getInt() & 0xffffffffL;
        if (entries == 0 || entries > stsc.remaining() / 12) {
            throw new Unsure("stsc counts more entries than it holds");
        }
        long[] first = new long[(int) entries];
        long[] perChunk = new long[(int) entries];
        for (int i = 0; i < entries; i++) {
            first[i] = stsc.getInt() & 0xffffffffL;
            perChunk[i] = stsc.getInt() & 0xffffffffL;
            stsc.getInt(); // sample description index: there is one
            if (i == 0 ? first[i] != 1 : first[i] <= first[i - 1]) {
                throw new Unsure("stsc out of order");
            }
        }
        List<long[]> out = new ArrayList<>(offsets.length);
        long sample = 0;
        int entry = 0;
        for (int chunk = 1; chunk <= offsets.length; chunk++) {
            while (entry + 1 < entries && first[entry + 1] <= chunk) {
                entry++;
            }
            if (perChunk[entry] > samples - sample) {
                throw new Unsure("chunks hold more samples than stsz counts");
            }
            long bytes = 0;
            if (fixed != 0) {
                bytes = Math.multiplyExact(fixed, perChunk[entry]); // no loop: a header may claim billions of samples
            } else {
                for (long k = 0; k < perChunk[entry]; k++) { // at most the table's entries, which moov holds
                    bytes += stsz.getInt() & 0xffffffffL;
                }
            }
            sample += perChunk[entry];
            out.add(new long[] {offsets[chunk - 1], bytes});
        }
        if (sample != samples) {
            throw new Unsure("chunks hold fewer samples than stsz counts");
        }
        return out;
    }

    private static List<Box> stbl(Box trak) throws Unsure {
        List<Box> mdia = Mp4Header.children(Mp4Header.only(Mp4Header.children(trak.body()), "mdia").body());
        return Mp4Header.children(Mp4Header.only(Mp4Header.children(Mp4Header.only(mdia, "minf").body()), "stbl").body());
    }

    private static long[] offsets(List<Box> stbl) throws Unsure {
        boolean wide = Mp4Header.has(stbl, "co64");
        ByteBuffer b = Mp4Header.only(stbl, wide ? "co64" : "stco").body().duplicate();
        Mp4Header.fullBoxVersion(b);
        long entries = b.getInt() & 0xffffffffL;
        if (entries > b.remaining() / (wide ? 8 : 4)) {
            throw new Unsure("chunk offset table shorter than it says");
        }
        long[] out = new long[(int) entries];
        for (int i = 0; i < entries; i++) {
            out[i] = wide ? b.getLong() : b.getInt() & 0xffffffffL;
        }
        return out;
    }

    /** The new {@code moov} box, its chunk offsets moved by {@code delta}. */
    private static byte[] moov(List<Box> movie, long delta) throws Unsure {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(box("mvhd", zeroTimes(Mp4Header.only(movie, "mvhd").body())));
        for (Box b : movie) {
            if (b.type().equals("trak")) {
                body.writeBytes(trak(b, delta));
            }
        }
        return box("moov", body.toByteArray());
    }

    private static byte[] trak(Box trak, long delta) throws Unsure {
        List<Box> boxes = Mp4Header.children(trak.body());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(box("tkhd", zeroTimes(Mp4Header.only(boxes, "tkhd").body())));
        if (Mp4Header.has(boxes, "edts")) {
            Box elst = Mp4Header.only(Mp4Header.children(Mp4Header.only(boxes, "edts").body()), "elst");
            body.writeBytes(box("edts", box("elst", bytes(elst.body()))));
        }
        List<Box> mdia = Mp4Header.children(Mp4Header.only(boxes, "mdia").body());
        ByteBuffer hdlr = Mp4Header.only(mdia, "hdlr").body().duplicate();
        Mp4Header.skip(hdlr, 8);
        String handler = Mp4Header.fourcc(hdlr);
        boolean video = handler.equals("vide");
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(box("mdhd", zeroTimes(Mp4Header.only(mdia, "mdhd").body())));
        m.writeBytes(box("hdlr", ByteBuffer.allocate(24 + 13).putInt(0).putInt(0).put(ascii(handler)).put(new byte[12])
                .put(ascii(video ? "VideoHandler" : "SoundHandler")).put((byte) 0).array()));
        ByteArrayOutputStream minf = new ByteArrayOutputStream();
        minf.writeBytes(video ? box("vmhd", new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0})
                : box("smhd", new byte[8]));
        minf.writeBytes(box("dinf", box("dref", concat(new byte[] {0, 0, 0, 0, 0, 0, 0, 1},
                box("url ", new byte[] {0, 0, 0, 1})))));
        minf.writeBytes(stbl(Mp4Header.children(Mp4Header.only(Mp4Header.children(Mp4Header.only(mdia, "minf")
                .body()), "stbl").body()), video, delta));
        m.writeBytes(box("minf", minf.toByteArray()));
        body.writeBytes(box("mdia", m.toByteArray()));
        return box("trak", body.toByteArray());
    }

    private static byte[] stbl(List<Box> boxes, boolean video, long delta) throws Unsure {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(box("stsd", stsd(Mp4Header.only(boxes, "stsd").body(), video)));
        for (Box b : boxes) {
            if (KEPT_TABLES.contains(b.type()) || (b.type().equals("sgpd") || b.type().equals("sbgp")) && roll(b)) {
                body.writeBytes(box(b.type(), bytes(b.body())));
            }
        }
        long[] offsets = offsets(boxes);
        boolean wide = Mp4Header.has(boxes, "co64");
        ByteBuffer table = ByteBuffer.allocate(8 + offsets.length * (wide ? 8 : 4)).putInt(0).putInt(offsets.length);
        for (long offset : offsets) {
            long moved = offset + delta;
            if (wide) {
                table.putLong(moved);
            } else if (moved < 0 || moved > 0xffffffffL) {
                throw new Unsure("a moved chunk offset does not fit stco");
            } else {
                table.putInt((int) moved);
            }
        }
        body.writeBytes(box(wide ? "co64" : "stco", table.array()));
        return box("stbl", body.toByteArray());
    }

    /** Sample groups of the AAC pre-roll kind ({@code roll}), which players use after a seek; other groups go. */
    private static boolean roll(Box group) {
        ByteBuffer b = group.body().duplicate();
        return b.remaining() >= 8 && Mp4Header.fourcc(b.position(4)).equals("roll");
    }

    /** The one sample entry with its fixed fields (the compressor name blanked) and only its codec's boxes. */
    private static byte[] stsd(ByteBuffer stsd, boolean video) throws Unsure {
        ByteBuffer b = stsd.duplicate();
        Mp4Header.skip(b, 8);
        Box entry = Mp4Header.children(b).get(0);
        ByteBuffer fields = entry.body().duplicate();
        int fixed = video ? 78 : 28;
        byte[] head = new byte[fixed];
        fields.get(head);
        if (video) {
            Arrays.fill(head, 42, 74, (byte) 0); // compressorname: an encoder's or a camera's words
        }
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.writeBytes(head);
        Set<String> kept = video ? Set.of("avcC", "pasp", "btrt") : Set.of("esds", "btrt");
        for (Box child : Mp4Header.children(fields.slice())) {
            if (kept.contains(child.type())) {
                e.writeBytes(box(child.type(), bytes(child.body())));
            }
        }
        return concat(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}, box(entry.type(), e.toByteArray()));
    }

    /** A {@code mvhd}, {@code tkhd} or {@code mdhd} payload with its creation and modification times zeroed. */
    private static byte[] zeroTimes(ByteBuffer fullBox) {
        byte[] out = bytes(fullBox);
        Arrays.fill(out, 4, out[0] == 1 ? 20 : 12, (byte) 0);
        return out;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static byte[] box(String type, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).put(ascii(type)).put(body).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
