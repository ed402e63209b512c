package dev.depot.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The encoder against woltapp/blurhash's C encoder ({@code C/encode.c}, the one Mastodon's
 * blurhash gem wraps). The expected strings were computed by compiling that file unchanged and
 * running it on the same pixels these tests generate (4 × 4 components).
 */
class BlurhashTest {

    private static int[] pixels(int w, int h, IntBinaryOperator rgbAt) {
        int[] p = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = rgbAt.applyAsInt(x, y);
            }
        }
        return p;
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    @Test
    void allBlackIsU00000ThenFifteenFQ() {
        assertThat(Blurhash.encode(32, 32, pixels(32, 32, (x, y) -> 0), 4, 4)).isEqualTo("U00000" + "fQ".repeat(15));
    }

    @Test
    void gradientMatchesTheReference() {
        int[] p = pixels(64, 48, (x, y) -> rgb(x * 255 / 63, y * 255 / 47, 128));
        assertThat(Blurhash.encode(64, 48, p, 4, 4)).isEqualTo("UVHVCg2Y$5Sgl|azjtf7gcfjfQfjnSa|jtfQ");
    }

    @Test
    void busyPatternMatchesTheReference() {
        int[] p = pixels(100, 75, (x, y) -> rgb((x * x + 3 * y) % 256, (x * y) % 256, (255 - 2 * x + y) & 255));
        assertThat(Blurhash.encode(100, 75, p, 4, 4)).isEqualTo("UGHU^cj4aEjBRpR@R?R+V]jIakjfaijJn+Wp");
    }

    /** A flat colour still has AC terms: the reference samples its cosines at pixel corners, not centres. */
    @Test
    void flatColourMatchesTheReference() {
        int[] p = pixels(10, 10, (x, y) -> rgb(200, 100, 50));
        assertThat(Blurhash.encode(10, 10, p, 4, 4)).isEqualTo("U9M|T9}XfQ}X}XsofQsofQfQfQfQ}XsofQso");
    }

    @Test
    void componentsOutsideOneToNineAreRefused() {
        assertThatThrownBy(() -> Blurhash.encode(1, 1, new int[1], 0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Blurhash.encode(1, 1, new int[1], 4, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
