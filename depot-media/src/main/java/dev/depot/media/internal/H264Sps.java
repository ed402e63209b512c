package dev.depot.media.internal;

import java.util.Optional;

/**
 * What an H.264 sequence parameter set says about the picture: its cropped size, chroma format,
 * bit depths and whether its samples use the full (JPEG) range, which ffmpeg reports as
 * {@code yuvj420p}. Read from the SPS in an MP4's {@code avcC} box, as far as the VUI's video
 * signal type. Stateless and thread-safe; {@link #parse} never throws.
 */
record H264Sps(int profile, int chromaFormat, int lumaBits, int chromaBits, boolean fullRange, int width, int height) {
    /** Profiles whose SPS carries chroma format and bit depths (the others are 8-bit 4:2:0). */
    private static final java.util.Set<Integer> HIGH_PROFILES =
            java.util.Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);
    /** No real SPS is larger; a bigger one is refused rather than read. */
    private static final int MAX_BYTES = 4096;

    /** The pixel format ffmpeg gives this stream when it is the common one, {@code yuv420p}; empty for any other. */
    boolean isYuv420p() {
        return chromaFormat == 1 && lumaBits == 8 && chromaBits == 8 && !fullRange;
    }

    /**
     * Parses the SPS NAL unit {@code nal} (its one-byte header first); empty when it is not an SPS,
     * is cut short, or holds values outside the standard's ranges.
     */
    static Optional<H264Sps> parse(byte[] nal) {
        if (nal.length < 4 || nal.length > MAX_BYTES || (nal[0] & 0x1f) != 7) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(read(new Bits(unescape(nal))));
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            return Optional.empty(); // cut short or absurd: the caller asks ffprobe
        }
    }

    private static H264Sps read(Bits b) {
        int profile = b.u(8);
        b.u(16); // constraint flags, level
        if (b.ue() > 31) { // seq_parameter_set_id
            return null;
        }
        int chroma = 1;
        int lumaBits = 8;
        int chromaBits = 8;
        boolean separatePlanes = false;
        if (HIGH_PROFILES.contains(profile)) {
            chroma = b.ue();
            if (chroma > 3) {
                return null;
            }
            if (chroma == 3) {
                separatePlanes = b.u(1) == 1;
            }
            lumaBits = 8 + b.ue();
            chromaBits = 8 + b.ue();
            if (lumaBits > 14 || chromaBits > 14) {
                return null;
            }
            b.u(1); // qpprime_y_zero_transform_bypass_flag
            if (b.u(1) == 1) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                    if (b.u(1) == 1) {
                        skipScalingList(b, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        if (b.ue() > 12) { // log2_max_frame_num_minus4
            return null;
        }
        int pocType = b.ue();
        if (pocType == 0) {
            b.ue();
        } else if (pocType == 1) {
            b.u(1);
            b.se();
            b.se();
            int cycle = b.ue();
            if (cycle > 255) {
                return null;
            }
            for (int i = 0; i < cycle; i++) {
                b.se();
            }
        } else if (pocType != 2) {
            return null;
        }
        b.ue(); // max_num_ref_frames
        b.u(1); // gaps_in_frame_num_value_allowed_flag
        long widthMbs = b.ue() + 1L;
        long heightUnits = b.ue() + 1L;
        int frameMbsOnly = b.u(1);
        if (frameMbsOnly == 0) {
            b.u(1); // mb_adaptive_frame_field_flag
        }
        b.u(1); // direct_8x8_inference_flag
        long width = widthMbs * 16;
        long height = heightUnits * 16 * (2 - frameMbsOnly);
        if (b.u(1) == 1) { // frame_cropping_flag
            int arrayType = separatePlanes ? 0 : chroma;
            int unitX = arrayType == 0 ? 1 : (arrayType == 3 ? 1 : 2);
            int unitY = (arrayType == 0 ? 1 : (arrayType == 1 ? 2 : 1)) * (2 - frameMbsOnly);
            width -= (long) unitX * (b.ue() + (long) b.ue());
            height -= (long) unitY * (b.ue() + (long) b.ue());
        }
        if (width <= 0 || height <= 0 || width > 65_535 || height > 65_535) {
            return null;
        }
        boolean fullRange = false;
        if (b.u(1) == 1) { // vui_parameters_present_flag
            if (b.u(1) == 1 && b.u(8) == 255) { // aspect_ratio_info_present_flag, aspect_ratio_idc = Extended_SAR
                b.u(16);
                b.u(16);
            }
            if (b.u(1) == 1) { // overscan_info_present_flag
                b.u(1);
            }
            if (b.u(1) == 1) { // video_signal_type_present_flag
                b.u(3); // video_format
                fullRange = b.u(1) == 1;
            }
        }
        return new H264Sps(profile, chroma, lumaBits, chromaBits, fullRange, (int) width, (int) height);
    }

    private static void skipScalingList(Bits b, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0; j++) {
            next = (last + b.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /** The RBSP: the NAL payload without its header byte and without the emulation-prevention bytes (00 00 03). */
    private static byte[] unescape(byte[] nal) {
        byte[] out = new byte[nal.length - 1];
        int n = 0;
        int zeros = 0;
        for (int i = 1; i < nal.length; i++) {
            int v = nal[i] & 0xff;
            if (zeros >= 2 && v == 3) {
                zeros = 0;
                continue;
            }
            zeros = v == 0 ? zeros + 1 : 0;
            out[n++] = (byte) v;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** A big-endian bit reader; reading past the end throws {@link IndexOutOfBoundsException}. */
    private static final class Bits {
        private final byte[] data;
        private long pos;

        Bits(byte[] data) {
            this.data = data;
        }

        int u(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                int bit = (data[Math.toIntExact(pos >>> 3)] >> (7 - (int) (pos & 7))) & 1;
                pos++;
                v = (v << 1) | bit;
            }
            return v;
        }

        /** Exp-Golomb unsigned; more than 31 leading zeros is not a valid SPS value. */
        int ue() {
            int zeros = 0;
            while (u(1) == 0) {
                if (++zeros > 31) {
                    throw new ArithmeticException("exp-Golomb code too long");
                }
            }
            long v = (1L << zeros) - 1 + (zeros == 0 ? 0 : (u(zeros) & 0xffffffffL));
            if (v > Integer.MAX_VALUE) {
                throw new ArithmeticException("exp-Golomb value too large");
            }
            return (int) v;
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
