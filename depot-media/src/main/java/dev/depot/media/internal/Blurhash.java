package dev.depot.media.internal;

/**
 * The blurhash encoder, as the reference C encoder (woltapp/blurhash {@code C/encode.c}, which
 * Mastodon's blurhash gem wraps): cosine components of the image in linear light, the DC term
 * as 24-bit sRGB, the largest AC magnitude quantised to 83 levels, AC terms to 19 levels per
 * channel against it, all in base 83. (The TypeScript encoder quantises the maximum to 166
 * levels and ignores negative terms; Mastodon's hashes come from the C one.) Computed in
 * {@code double} where C uses {@code float}, which can move a term by one quantisation step.
 * Stateless and thread-safe.
 */
final class Blurhash {
    private static final String DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private Blurhash() {}

    /**
     * The blurhash of {@code width} × {@code height} pixels {@code rgb} (packed {@code 0xRRGGBB},
     * row by row; any alpha byte is ignored) with {@code xComponents} × {@code yComponents}
     * components (1 to 9 each).
     */
    static String encode(int width, int height, int[] rgb, int xComponents, int yComponents) {
        if (xComponents < 1 || xComponents > 9 || yComponents < 1 || yComponents > 9) {
            throw new IllegalArgumentException("components must be 1 to 9, not " + xComponents + " x " + yComponents);
        }
        if (width < 1 || height < 1 || rgb.length < width * height) {
            throw new IllegalArgumentException("need " + width + " x " + height + " pixels, got " + rgb.length);
        }
        double[] linear = new double[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            linear[3 * i] = SRGB_TO_LINEAR[(rgb[i] >> 16) & 0xff];
            linear[3 * i + 1] = SRGB_TO_LINEAR[(rgb[i] >> 8) & 0xff];
            linear[3 * i + 2] = SRGB_TO_LINEAR[rgb[i] & 0xff];
        }
        double[][] factors = new double[xComponents * yComponents][];
        for (int j = 0; j < yComponents; j++) {
            for (int i = 0; i < xComponents; i++) {
                factors[j * xComponents + i] = factor(i, j, width, height, linear);
            }
        }
        StringBuilder hash = new StringBuilder(4 + 2 * factors.length);
        encode83(hash, (xComponents - 1) + (yComponents - 1) * 9, 1);
        double maximumValue;
        if (factors.length > 1) {
            double actualMax = 0;
            for (int k = 1; k < factors.length; k++) {
                for (double c : factors[k]) {
                    actualMax = Math.max(actualMax, Math.abs(c));
                }
            }
            int quantisedMax = (int) Math.max(0, Math.min(82, Math.floor(actualMax * 83 - 0.5)));
            maximumValue = (quantisedMax + 1) / 83.0;
            encode83(hash, quantisedMax, 1);
        } else {
            maximumValue = 1;
            encode83(hash, 0, 1);
        }
        double[] dc = factors[0];
        encode83(hash, (linearToSrgb(dc[0]) << 16) + (linearToSrgb(dc[1]) << 8) + linearToSrgb(dc[2]), 4);
        for (int k = 1; k < factors.length; k++) {
            double[] ac = factors[k];
            encode83(hash, quantiseAc(ac[0], maximumValue) * 19 * 19 + quantiseAc(ac[1], maximumValue) * 19
                    + quantiseAc(ac[2], maximumValue), 2);
        }
        return hash.toString();
    }

    private static double[] factor(int i, int j, int width, int height, double[] linear) {
        double r = 0;
        double g = 0;
        double b = 0;
        double[] cosX = new double[width];
        for (int x = 0; x < width; x++) {
            cosX[x] = Math.cos(Math.PI * i * x / width);
        }
        for (int y = 0; y < height; y++) {
            double cosY = Math.cos(Math.PI * j * y / height);
            for (int x = 0; x < width; x++) {
                double basis = cosX[x] * cosY;
                int p = 3 * (y * width + x);
                r += basis * linear[p];
                g += basis * linear[p + 1];
                b += basis * linear[p + 2];
            }
        }
        double scale = (i == 0 && j == 0 ? 1.0 : 2.0) / (width * height);
        return new double[] {r * scale, g * scale, b * scale};
    }

    private static int quantiseAc(double value, double maximumValue) {
        return (int) Math.max(0, Math.min(18, Math.floor(signPow(value / maximumValue, 0.5) * 9 + 9.5)));
    }

    private static double signPow(double value, double exp) {
        return Math.copySign(Math.pow(Math.abs(value), exp), value);
    }

    private static final double[] SRGB_TO_LINEAR = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            double x = v / 255.0;
            SRGB_TO_LINEAR[v] = x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
        }
    }

    private static int linearToSrgb(double value) {
        double v = Math.max(0, Math.min(1, value));
        return v <= 0.0031308 ? (int) (v * 12.92 * 255 + 0.5) : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    private static void encode83(StringBuilder out, int value, int length) {
        for (int i = 1; i <= length; i++) {
            int digit = (value / pow83(length - i)) % 83;
            out.append(DIGITS.charAt(digit));
        }
    }

    private static int pow83(int exp) {
        int r = 1;
        for (int i = 0; i < exp; i++) {
            r *= 83;
        }
        return r;
    }
}
