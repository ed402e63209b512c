package dev.depot.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parsing of what ffmpeg and ffprobe print: progress lines and frame rates. */
class AvPipelineTest {

    @Test
    void progressIsTheTimeWrittenAgainstTheDurationAndReaches100OnlyAtTheEnd() {
        assertThat(AvPipeline.percent("out_time_us=2500000", 10)).isEqualTo(25);
        assertThat(AvPipeline.percent("out_time_us=10000000", 10)).isEqualTo(99);
        assertThat(AvPipeline.percent("out_time_us=12000000", 10)).isEqualTo(99);
        assertThat(AvPipeline.percent("progress=end", 10)).isEqualTo(100);
        assertThat(AvPipeline.percent("out_time_us=N/A", 10)).isEqualTo(-1);
        assertThat(AvPipeline.percent("out_time_us=-23000", 10)).isEqualTo(0);
        assertThat(AvPipeline.percent("frame=12", 10)).isEqualTo(-1);
        assertThat(AvPipeline.percent("out_time_us=2500000", 0)).as("no declared duration").isEqualTo(-1);
    }

    @Test
    void frameRatesAreFractions() {
        assertThat(FfProbe.rate("30000/1001")).isCloseTo(29.97, org.assertj.core.api.Assertions.within(0.001));
        assertThat(FfProbe.rate("25/1")).isEqualTo(25.0);
        assertThat(FfProbe.rate("0/0")).isZero();
        assertThat(FfProbe.rate("1/36000")).isCloseTo(1 / 36000.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(FfProbe.rate("")).isZero();
        assertThat(FfProbe.rate("x/y")).isZero();
    }

    @Test
    void theReasonIsTheLastLineThatIsNotProgress() {
        String output = "[h264 @ 0x1] Invalid NAL unit size\nbad.mp4: Invalid data found when processing input\n"
                + "frame=0\nout_time_us=N/A\nprogress=end\n";
        assertThat(AvPipeline.reason(output)).isEqualTo("bad.mp4: Invalid data found when processing input");
        assertThat(AvPipeline.reason("progress=end\n")).isEqualTo("(no reason given)");
    }
}
