/*
 * Over 300 lines because an MP4 header is read in one pass over nested boxes (file, moov, trak,
 * mdia, minf, stbl, sample entries, descriptors); each level checks its sizes the same way, and
 * split apart each part would have to carry the bounds and the "unsure" answer along.
 */
package dev.depot.media.internal;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ffprobe} would say about an MP4 that can pass through (H.264 in 8-bit 4:2:0, AAC
 * or no sound), read in Java from its ISO-BMFF boxes, so the upload does not pay an ffprobe
 * process (about 55 ms on a small machine). {@link #read} answers only when it is sure: any
 * other codec, pixel format, track kind, a fragmented or truncated file, an odd display matrix or
 * a box it cannot place gives an empty answer, and the caller asks ffprobe as before. A file that
 * is not a passthrough is transcoded, which costs seconds, so ffprobe's start-up does not matter
 * there.
 *
 * <p>Reads are bounded: at most {@value #MAX_TOP_BOXES} top-level boxes are looked at (their
 * payloads are skipped, not read), {@code moov} is read only when under {@value #MAX_MOOV_BYTES}
 * bytes, every box size is checked against its parent, and only known containers are entered, so
 * the depth is fixed. Stateless and thread-safe; never throws for a bad file.
 */
final class Mp4Header {
    static final String FORMAT_NAME = "mov,mp4,m4a,3gp,3g2,mj2";
    static final int MAX_TOP_BOXES = 1_000;
    static final int MAX_MOOV_BYTES = 16 * 1024 * 1024;
    private static final int FIXED_ONE = 0x10000;

    private Mp4Header() {}

    /** Thrown inside the reader for anything it is not sure of; {@link #read} turns it into an empty answer. */
    static final class Unsure extends Exception {
        Unsure(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The probe of {@code file} as ffprobe would give it, for a passthrough MP4 only.
     *
     * @return empty when the file is anything else or the reader is unsure; never throws
     */
    static Optional<FfProbe.Probe> read(Path file) {
        try {
            return Optional.of(probe(file));
        } catch (Unsure | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #read} gives no answer for {@code file}, or null when it answers; for tests. */
    static String whyNot(Path file) {
        try {
            probe(file);
            return null;
        } catch (Unsure | IOException | RuntimeException e) {
            return e.getMessage();
        }
    }

    private static FfProbe.Probe probe(Path file) throws IOException, Unsure {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = layout(ch);
            return movie(layout.moov(), layout.fileSize());
        }
    }

    /**
     * The top level of an MP4: its {@code moov} payload (read into memory) and where each
     * {@code mdat} payload lies, as {start, length} pairs.
     */
    record Layout(ByteBuffer moov, List<long[]> mdats, long fileSize) {}

    /** Scans the top-level boxes of {@code ch}, skipping payloads; see the class comment for the bounds. */
    static Layout layout(FileChannel ch) throws IOException, Unsure {
        long size = ch.size();
        ByteBuffer moov = null;
        List<long[]> mdats = new ArrayList<>();
        long pos = 0;
        int boxes = 0;
        while (pos < size) {
            if (++boxes > MAX_TOP_BOXES) {
                throw new Unsure("more than " + MAX_TOP_BOXES + " top-level boxes");
            }
            ByteBuffer head = readAt(ch, pos, (int) Math.min(16, size - pos));
            if (head.remaining() < 8) {
                throw new Unsure("a box header is cut short");
            }
            long boxSize = head.getInt() & 0xffffffffL;
            String type = fourcc(head);
            int headerSize = 8;
            if (boxSize == 1) {
                if (head.remaining() < 8) {
                    throw new Unsure("a large box header is cut short");
                }
                boxSize = head.getLong();
                headerSize = 16;
            } else if (boxSize == 0) {
                boxSize = size - pos; // the last box runs to the end of the file
            }
            if (boxSize < headerSize || boxSize > size - pos) {
                throw new Unsure("box " + type + " at " + pos + " has size " + boxSize + " (truncated or corrupt)");
            }
            if (boxes == 1 && !type.equals("ftyp")) {
                throw new Unsure("no ftyp box first");
            }
            switch (type) {
                case "moov" -> {
                    if (moov != null) {
                        throw new Unsure("two moov boxes");
                    }
                    if (boxSize - headerSize > MAX_MOOV_BYTES) {
                        throw new Unsure("moov over " + MAX_MOOV_BYTES + " bytes");
                    }
                    moov = readAt(ch, pos + headerSize, (int) (boxSize - headerSize));
                    if (moov.remaining() != boxSize - headerSize) {
                        throw new Unsure("moov cut short");
                    }
                }
                case "mdat" -> mdats.add(new long[] {pos + headerSize, boxSize - headerSize});
                case "moof", "mfra", "sidx", "styp" -> throw new Unsure("fragmented MP4 (" + type + ")");
                default -> { } // ftyp, free, skip, uuid...: not needed
            }
            pos += boxSize;
        }
        if (moov == null) {
            throw new Unsure("no moov box");
        }
        return new Layout(moov, List.copyOf(mdats), size);
    }

    static ByteBuffer readAt(FileChannel ch, long pos, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                break;
            }
        }
        return buf.flip();
    }

    /** One box inside a buffer: its type and its payload (a slice; reading it cannot pass the box's end). */
    record Box(String type, ByteBuffer body) {}

    /** The child boxes of {@code parent}'s payload, each size checked against what is left. */
    static List<Box> children(ByteBuffer parent) throws Unsure {
        List<Box> out = new ArrayList<>();
        ByteBuffer b = parent.duplicate();
        while (b.remaining() >= 8) {
            int start = b.position();
            long boxSize = b.getInt() & 0xffffffffL;
            String type = fourcc(b);
            int header = 8;
            if (boxSize == 1) {
                if (b.remaining() < 8) {
                    throw new Unsure("box " + type + " cut short");
                }
                boxSize = b.getLong();
                header = 16;
            } else if (boxSize == 0) {
                boxSize = b.limit() - start;
            }
            if (boxSize < header || boxSize > b.limit() - start) {
                throw new Unsure("box " + type + " has size " + boxSize + ", outside its parent");
            }
            out.add(new Box(type, b.slice(start + header, (int) boxSize - header)));
            b.position(start + (int) boxSize);
        }
        if (b.hasRemaining()) {
            throw new Unsure("stray bytes after the last box");
        }
        return out;
    }

    static Box only(List<Box> boxes, String type) throws Unsure {
        Box found = null;
        for (Box box : boxes) {
            if (box.type().equals(type)) {
                if (found != null) {
                    throw new Unsure("two " + type + " boxes");
                }
                found = box;
            }
        }
        if (found == null) {
            throw new Unsure("no " + type + " box");
        }
        return found;
    }

    static boolean has(List<Box> boxes, String type) {
        return boxes.stream().anyMatch(b -> b.type().equals(type));
    }

    private static FfProbe.Probe movie(ByteBuffer moov, long fileSize) throws Unsure {
        List<Box> boxes = children(moov);
        if (has(boxes, "mvex")) {
            throw new Unsure("fragmented MP4 (mvex)");
        }
        ByteBuffer mvhd = only(boxes, "mvhd").body();
        int version = fullBoxVersion(mvhd);
        skip(mvhd, version == 1 ? 16 : 8); // creation and modification times
        long timescale = mvhd.getInt() & 0xffffffffL;
        long duration = version == 1 ? mvhd.getLong() : mvhd.getInt() & 0xffffffffL;
        if (timescale == 0) {
            throw new Unsure("mvhd timescale 0");
        }
        skip(mvhd, 4 + 2 + 10); // rate, volume, reserved
        if (rotation(mvhd) != 0) {
            throw new Unsure("the movie's matrix is not the identity");
        }
        List<FfProbe.Stream> streams = new ArrayList<>();
        double longest = duration / (double) timescale;
        for (Box box : boxes) {
            if (box.type().equals("trak")) {
                Track t = track(box.body(), streams.size(), timescale, fileSize);
                streams.add(t.stream());
                longest = Math.max(longest, t.seconds());
            }
        }
        if (streams.stream().noneMatch(FfProbe.Stream::isVideo)) {
            throw new Unsure("no video track");
        }
        long bitrate = longest > 0 ? Math.round(fileSize * 8 / longest) : 0;
        return new FfProbe.Probe(FORMAT_NAME, longest, bitrate, List.copyOf(streams));
    }

    /** A track's stream and its presentation length in seconds (the edit list's, else the media's). */
    private record Track(FfProbe.Stream stream, double seconds) {}

    private static Track track(ByteBuffer trak, int index, long movieTimescale, long fileSize) throws Unsure {
        List<Box> boxes = children(trak);
        ByteBuffer tkhd = only(boxes, "tkhd").body();
        int version = fullBoxVersion(tkhd);
        skip(tkhd, (version == 1 ? 16 : 8) + 4 + 4 + (version == 1 ? 8 : 4) + 8 + 2 + 2 + 2 + 2);
        int rotation = rotation(tkhd);
        double edited = -1;
        for (Box box : boxes) {
            if (box.type().equals("edts")) {
                edited = editedSeconds(only(children(box.body()), "elst").body(), movieTimescale);
            }
        }
        List<Box> mdia = children(only(boxes, "mdia").body());
        ByteBuffer mdhd = only(mdia, "mdhd").body();
        int mdhdVersion = fullBoxVersion(mdhd);
        skip(mdhd, mdhdVersion == 1 ? 16 : 8);
        long timescale = mdhd.getInt() & 0xffffffffL;
        long mediaDuration = mdhdVersion == 1 ? mdhd.getLong() : mdhd.getInt() & 0xffffffffL;
        if (timescale == 0 || mediaDuration < 0) {
            throw new Unsure("mdhd timescale 0 or duration negative");
        }
        ByteBuffer hdlr = only(mdia, "hdlr").body();
        fullBoxVersion(hdlr);
        skip(hdlr, 4);
        String handler = fourcc(hdlr);
        List<Box> stbl = children(only(children(only(mdia, "minf").body()), "stbl").body());
        long samples = sampleCount(only(stbl, "stsz").body());
        long[] stts = timeToSample(only(stbl, "stts").body());
        if (stts[0] != samples) {
            throw new Unsure("stts counts " + stts[0] + " samples, stsz " + samples);
        }
        if (has(stbl, "stco") == has(stbl, "co64")) {
            throw new Unsure("not exactly one chunk offset table");
        }
        long lastOffset = has(stbl, "stco") ? lastChunkOffset(only(stbl, "stco").body(), false)
                : lastChunkOffset(only(stbl, "co64").body(), true);
        if (lastOffset >= fileSize) {
            throw new Unsure("a chunk starts past the end of the file (truncated)");
        }
        ByteBuffer stsd = only(stbl, "stsd").body();
        fullBoxVersion(stsd);
        if (stsd.getInt() != 1) {
            throw new Unsure("not exactly one sample description");
        }
        Box entry = children(stsd).get(0);
        // The media's own length: a header cannot hide hours behind a short edit list from the frame limit.
        double mediaSeconds = Math.max(mediaDuration, stts[1]) / (double) timescale;
        double seconds = edited >= 0 ? edited : mediaDuration / (double) timescale;
        FfProbe.Stream stream = switch (handler) {
            case "vide" -> {
                H264Sps sps = avc1(entry);
                double rate = stts[1] > 0 ? samples * (double) timescale / stts[1] : 0;
                // The frame limit counts at least one frame a second of media time, even when an edit list shows less.
                long frames = Math.max(samples, (long) Math.ceil(mediaSeconds * Math.max(1, rate)));
                yield new FfProbe.Stream(index, "video", "h264", "yuv420p", sps.width(), sps.height(), rate, frames,
                        false, rotation);
            }
            case "soun" -> {
                aac(entry);
                yield new FfProbe.Stream(index, "audio", "aac", "", 0, 0, 0, samples, false, 0);
            }
            default -> throw new Unsure("a track of kind " + handler);
        };
        return new Track(stream, seconds);
    }

    /** The edit list's total in seconds (the movie's time scale); empty edits count, as ffmpeg counts them. */
    private static double editedSeconds(ByteBuffer elst, long movieTimescale) throws Unsure {
        int version = fullBoxVersion(elst);
        long entries = elst.getInt() & 0xffffffffL;
        if (entries > elst.remaining() / (version == 1 ? 20 : 12)) {
            throw new Unsure("elst counts more entries than it holds");
        }
        long total = 0;
        for (long i = 0; i < entries; i++) {
            long segment = version == 1 ? elst.getLong() : elst.getInt() & 0xffffffffL;
            skip(elst, version == 1 ? 8 + 4 : 4 + 4); // media time, rate
            if (segment < 0 || total > Long.MAX_VALUE - segment) {
                throw new Unsure("edit list out of range");
            }
            total += segment;
        }
        return total / (double) movieTimescale;
    }

    /** The number of samples of an {@code stsz} box. */
    private static long sampleCount(ByteBuffer stsz) throws Unsure {
        fullBoxVersion(stsz);
        long sampleSize = stsz.getInt() & 0xffffffffL;
        long count = stsz.getInt() & 0xffffffffL;
        if (sampleSize == 0 && count > stsz.remaining() / 4) {
            throw new Unsure("stsz counts more samples than it holds");
        }
        return count;
    }

    /** {@code stts}: total samples and total duration (time-scale units). */
    private static long[] timeToSample(ByteBuffer stts) throws Unsure {
        fullBoxVersion(stts);
        long entries = stts.getInt() & 0xffffffffL;
        if (entries > stts.remaining() / 8) {
            throw new Unsure("stts counts more entries than it holds");
        }
        long samples = 0;
        long duration = 0;
        for (long i = 0; i < entries; i++) {
            long count = stts.getInt() & 0xffffffffL;
            long delta = stts.getInt() & 0xffffffffL;
            samples += count;
            duration = Math.addExact(duration, Math.multiplyExact(count, delta)); // overflow: ArithmeticException, unsure
        }
        if (samples == 0 || duration == 0) {
            throw new Unsure("a track without samples or without duration");
        }
        return new long[] {samples, duration};
    }

    private static long lastChunkOffset(ByteBuffer table, boolean wide) throws Unsure {
        fullBoxVersion(table);
        long entries = table.getInt() & 0xffffffffL;
        if (entries == 0 || entries > table.remaining() / (wide ? 8 : 4)) {
            throw new Unsure("chunk offset table empty or shorter than it says");
        }
        long max = 0;
        for (long i = 0; i < entries; i++) {
            long offset = wide ? table.getLong() : table.getInt() & 0xffffffffL;
            if (offset < 0) {
                throw new Unsure("negative chunk offset");
            }
            max = Math.max(max, offset);
        }
        return max;
    }

    /** An {@code avc1} sample entry whose SPS says 8-bit 4:2:0 in the limited range, at the entry's size. */
    private static H264Sps avc1(Box entry) throws Unsure {
        if (!entry.type().equals("avc1")) {
            throw new Unsure("video sample entry " + entry.type() + " (only avc1 is read)");
        }
        ByteBuffer b = entry.body().duplicate();
        skip(b, 6 + 2 + 16);
        int width = b.getShort() & 0xffff;
        int height = b.getShort() & 0xffff;
        skip(b, 4 + 4 + 4 + 2 + 32 + 2 + 2);
        List<Box> boxes = children(b.slice());
        if (has(boxes, "colr")) {
            throw new Unsure("a colr box (its range may make ffmpeg say yuvj420p)");
        }
        ByteBuffer avcc = only(boxes, "avcC").body();
        if (avcc.get() != 1) {
            throw new Unsure("avcC version is not 1");
        }
        skip(avcc, 4); // profile, compatibility, level, NAL length size
        int spsCount = avcc.get() & 0x1f;
        if (spsCount != 1) {
            throw new Unsure(spsCount + " SPS in avcC");
        }
        byte[] nal = new byte[avcc.getShort() & 0xffff];
        avcc.get(nal);
        H264Sps sps = H264Sps.parse(nal).orElseThrow(() -> new Unsure("an SPS that cannot be read"));
        if (!sps.isYuv420p()) {
            throw new Unsure("not 8-bit 4:2:0 in the limited range");
        }
        if (sps.width() != width || sps.height() != height) {
            throw new Unsure("the SPS says " + sps.width() + " x " + sps.height() + ", the sample entry " + width
                    + " x " + height);
        }
        return sps;
    }

    /** An {@code mp4a} sample entry (version 0) whose {@code esds} says MPEG-4 AAC. */
    private static void aac(Box entry) throws Unsure {
        if (!entry.type().equals("mp4a")) {
            throw new Unsure("audio sample entry " + entry.type() + " (only mp4a is read)");
        }
        ByteBuffer b = entry.body().duplicate();
        skip(b, 6 + 2);
        if (b.getShort() != 0) {
            throw new Unsure("a QuickTime sound description version");
        }
        skip(b, 2 + 4 + 2 + 2 + 2 + 2 + 4);
        ByteBuffer esds = only(children(b.slice()), "esds").body();
        fullBoxVersion(esds);
        if (esds.get() != 3) {
            throw new Unsure("esds without an ES descriptor");
        }
        descriptorLength(esds);
        skip(esds, 2);
        int flags = esds.get() & 0xff;
        skip(esds, (flags & 0x80) != 0 ? 2 : 0);
        if ((flags & 0x40) != 0) {
            skip(esds, esds.get() & 0xff);
        }
        skip(esds, (flags & 0x20) != 0 ? 2 : 0);
        if (esds.get() != 4) {
            throw new Unsure("esds without a decoder configuration");
        }
        descriptorLength(esds);
        int objectType = esds.get() & 0xff;
        if (objectType != 0x40) {
            throw new Unsure("audio object type indication 0x" + Integer.toHexString(objectType));
        }
        skip(esds, 1 + 3 + 4 + 4);
        if (esds.get() != 5) {
            throw new Unsure("esds without an AudioSpecificConfig");
        }
        descriptorLength(esds);
        int audioObjectType = (esds.get() & 0xff) >>> 3;
        // AAC main, LC, LTP, HE-AAC (SBR) and HE-AAC v2 (PS), all of which ffmpeg calls "aac".
        if (audioObjectType != 1 && audioObjectType != 2 && audioObjectType != 4 && audioObjectType != 5
                && audioObjectType != 29) {
            throw new Unsure("MPEG-4 audio object type " + audioObjectType);
        }
    }

    private static int descriptorLength(ByteBuffer b) {
        int length = 0;
        for (int i = 0; i < 4; i++) {
            int v = b.get() & 0xff;
            length = (length << 7) | (v & 0x7f);
            if ((v & 0x80) == 0) {
                break;
            }
        }
        return length;
    }

    /**
     * The display rotation of a {@code tkhd} or {@code mvhd} matrix as ffprobe reports it
     * (0, 90, -90 or 180 degrees); anything but a quarter-turn rotation (a flip, a scale, a
     * shear, a perspective) is unsure.
     */
    private static int rotation(ByteBuffer b) throws Unsure {
        int a = b.getInt();
        int bb = b.getInt();
        int u = b.getInt();
        int c = b.getInt();
        int d = b.getInt();
        int v = b.getInt();
        b.getInt(); // x translation
        b.getInt(); // y translation
        int w = b.getInt();
        if (u != 0 || v != 0 || w != 0x40000000 || d != a || c != -bb) {
            throw new Unsure("a display matrix that is not a plain rotation");
        }
        if (a == FIXED_ONE && bb == 0) {
            return 0;
        }
        if (a == 0 && bb == FIXED_ONE) {
            return -90; // ffmpeg's av_display_rotation_get: -atan2(b, a)
        }
        if (a == 0 && bb == -FIXED_ONE) {
            return 90;
        }
        if (a == -FIXED_ONE && bb == 0) {
            return -180;
        }
        throw new Unsure("a rotation that is not a quarter turn");
    }

    /** Reads a full box's version and flags; only versions 0 and 1 exist. */
    static int fullBoxVersion(ByteBuffer b) throws Unsure {
        int version = b.get() & 0xff;
        skip(b, 3);
        if (version > 1) {
            throw new Unsure("box version " + version);
        }
        return version;
    }

    static void skip(ByteBuffer b, int n) {
        if (n > b.remaining()) {
            throw new BufferUnderflowException();
        }
        b.position(b.position() + n);
    }

    static String fourcc(ByteBuffer b) {
        byte[] t = new byte[4];
        b.get(t);
        return new String(t, StandardCharsets.ISO_8859_1);
    }
}
