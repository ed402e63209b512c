package dev.depot.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Style;
import org.junit.jupiter.api.Test;

/** Ids, partitions, keys and pixel budgets as Mastodon lays them out. */
class MediaKeysTest {

    @Test
    void smallIdsArePaddedToNineDigits() {
        assertThat(MediaKeys.partition(42)).isEqualTo("000/000/042");
        assertThat(MediaKeys.partition(123456789)).isEqualTo("123/456/789");
    }

    @Test
    void snowflakeIdsGiveSixGroupsAndNoDigitIsDropped() {
        assertThat(MediaKeys.partition(109384474373062947L)).isEqualTo("109/384/474/373/062/947");
        assertThat(MediaKeys.partition(1234567890L)).isEqualTo("001/234/567/890");
    }

    @Test
    void keysNameTheStyleAndCachedMediaLiveUnderCache() {
        assertThat(MediaKeys.key(false, 42, Style.SMALL, "0123456789abcdef", "png"))
                .isEqualTo("media_attachments/files/000/000/042/small/0123456789abcdef.png");
        assertThat(MediaKeys.key(true, 42, Style.ORIGINAL, "0123456789abcdef", "jpeg"))
                .isEqualTo("cache/media_attachments/files/000/000/042/original/0123456789abcdef.jpeg");
        assertThat(MediaKeys.newFileStem()).matches("[0-9a-f]{16}");
    }

    @Test
    void idsAreTimeOrderedAndIncreasing() {
        long before = System.currentTimeMillis();
        long a = MediaKeys.nextId();
        long b = MediaKeys.nextId();
        assertThat(b).isGreaterThan(a);
        assertThat(a >>> 16).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void pixelBudgetsResizeOnlyWhenOver() {
        assertThat(ImagePipeline.fit(640, 360, Style.SMALL.pixelBudget())).containsExactly(640, 360);
        assertThat(ImagePipeline.fit(4000, 3000, Style.ORIGINAL.pixelBudget())).containsExactly(3326, 2494);
        assertThat(ImagePipeline.fit(1000, 1000, Style.SMALL.pixelBudget())).containsExactly(480, 480);
        assertThat(ImagePipeline.fit(100_000, 10, Style.SMALL.pixelBudget())).containsExactly(48000, 5);
    }
}
