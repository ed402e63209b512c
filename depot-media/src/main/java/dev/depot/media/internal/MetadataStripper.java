package dev.depot.media.internal;

import dev.depot.MediaRejectedException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Copies a JPEG or PNG written by vips, keeping only what decodes the pixels and the colour
 * profile: JPEG segments other than APP0 (JFIF), APP2 {@code ICC_PROFILE} and APP14
 * {@code Adobe} (colour transform) are dropped with every comment; PNG chunks outside a short
 * allowlist are dropped. This is an allowlist on purpose: EXIF (with GPS), XMP, IPTC and
 * whatever a camera invents never leave, whatever the libvips version keeps. Stateless.
 */
final class MetadataStripper {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Set<String> PNG_KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM",
            "sRGB", "iCCP", "sBIT", "bKGD", "pHYs");

    private MetadataStripper() {}

    /** Copies {@code in} (a JPEG or PNG) to {@code out} without metadata but the ICC profile. */
    static void strip(Path in, Path out) {
        try (DataInputStream src = new DataInputStream(new BufferedInputStream(Files.newInputStream(in)));
             DataOutputStream dst = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
            src.mark(8);
            byte[] start = src.readNBytes(8);
            src.reset();
            if (start.length >= 2 && (start[0] & 0xff) == 0xff && (start[1] & 0xff) == 0xd8) {
                jpeg(src, dst);
            } else if (Arrays.equals(start, PNG_SIGNATURE)) {
                png(src, dst);
            } else {
                throw new MediaRejectedException("processed image is neither JPEG nor PNG");
            }
        } catch (EOFException e) {
            throw new MediaRejectedException("processed image ends early", e);
        } catch (IOException e) {
            throw new dev.depot.DepotException("cannot strip metadata of " + in + ": " + e.getMessage(), e);
        }
    }

    private static void jpeg(DataInputStream in, DataOutputStream out) throws IOException {
        out.writeShort(in.readUnsignedShort()); // SOI
        while (true) {
            int marker = in.readUnsignedShort();
            if ((marker & 0xff00) != 0xff00) {
                throw new MediaRejectedException("processed JPEG has no marker where one belongs");
            }
            if (marker == 0xffd9) { // EOI before any scan
                out.writeShort(marker);
                return;
            }
            int length = in.readUnsignedShort();
            byte[] body = in.readNBytes(length - 2);
            if (body.length != length - 2) {
                throw new EOFException();
            }
            if (keepJpegSegment(marker, body)) {
                out.writeShort(marker);
                out.writeShort(length);
                out.write(body);
            }
            if (marker == 0xffda) { // SOS: entropy-coded data and the rest of the file follow
                in.transferTo(out);
                return;
            }
        }
    }

    private static boolean keepJpegSegment(int marker, byte[] body) {
        if (marker == 0xfffe) { // COM
            return false;
        }
        if (marker < 0xffe0 || marker > 0xffef) { // not APPn: tables, frame, scan
            return true;
        }
        return (marker == 0xffe0 && startsWith(body, "JFIF\0"))
                || (marker == 0xffe2 && startsWith(body, "ICC_PROFILE\0"))
                || (marker == 0xffee && startsWith(body, "Adobe"));
    }

    private static boolean startsWith(byte[] body, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        return body.length >= p.length && Arrays.equals(body, 0, p.length, p, 0, p.length);
    }

    private static void png(DataInputStream in, DataOutputStream out) throws IOException {
        out.write(in.readNBytes(8));
        while (true) {
            int length = in.readInt();
            if (length < 0) {
                throw new MediaRejectedException("processed PNG has a chunk longer than 2 GiB");
            }
            byte[] type = in.readNBytes(4);
            String name = new String(type, StandardCharsets.ISO_8859_1);
            boolean keep = PNG_KEPT.contains(name);
            if (keep) {
                out.writeInt(length);
                out.write(type);
                copy(in, out, length + 4L); // data and CRC
            } else {
                skip(in, length + 4L);
            }
            if (name.equals("IEND")) {
                return;
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException();
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }
}
