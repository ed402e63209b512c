package dev.depot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.depot.bench.Ratio.Verdict;
import dev.depot.bench.Report.Goal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatioTest {
    @Test
    void pairedRoundsGiveTheMeanAndStudentsIntervalOfTheRatios() {
        // mean 1.0, sample sd 0.1 over 4 rounds: se 0.05, t(3) = 3.182
        Ratio r = Ratio.paired(List.of(0.9, 1.1, 0.9, 1.1));
        assertThat(r.value()).isCloseTo(1.0, within(1e-12));
        assertThat(r.error()).isCloseTo(3.182 * Math.sqrt(0.04 / 3) / 2, within(1e-9));
        assertThat(Ratio.paired(List.of(1.3)).error()).isNaN();
        assertThat(Ratio.paired(List.of()).format()).isEqualTo("not measured");
    }

    @Test
    void aQuotientCombinesRelativeErrorsInQuadrature() {
        // 3 % and 4 % relative standard errors make 5 %; t(9) = 2.262 from the smaller side's 10 samples
        Ratio r = Ratio.quotient(200, 6, 10, 100, 4, 20);
        assertThat(r.value()).isEqualTo(2.0);
        assertThat(r.error()).isCloseTo(2.0 * 0.05 * 2.262, within(1e-9));
        assertThat(r.relativeError()).isCloseTo(0.05 * 2.262, within(1e-9));
        assertThat(Ratio.quotient(200, Double.NaN, 0, 100, 4, 20).error()).isNaN();
        assertThat(Ratio.quotient(200, 6, 10, 0, 4, 20).value()).isNaN();
    }

    @Test
    void aRatioMeetsOrMissesOnlyWhenTheWholeIntervalIsOnOneSide() {
        Goal atLeast = Goal.atLeast(0.9);
        assertThat(new Ratio(1.0, 0.05).against(atLeast)).isEqualTo(Verdict.MET);
        assertThat(new Ratio(0.8, 0.05).against(atLeast)).isEqualTo(Verdict.MISSED);
        assertThat(new Ratio(0.93, 0.05).against(atLeast)).isEqualTo(Verdict.TIE);
        assertThat(new Ratio(0.87, 0.05).against(atLeast)).isEqualTo(Verdict.TIE);
        // the interval's edge on the target still meets it (≥ includes equality)
        assertThat(new Ratio(1.0, 0.1).against(atLeast)).isEqualTo(Verdict.MET);

        Goal atMost = Goal.atMost(0.05);
        assertThat(new Ratio(0.02, 0.01).against(atMost)).isEqualTo(Verdict.MET);
        assertThat(new Ratio(0.08, 0.01).against(atMost)).isEqualTo(Verdict.MISSED);
        assertThat(new Ratio(0.045, 0.01).against(atMost)).isEqualTo(Verdict.TIE);
    }

    @Test
    void withoutAnIntervalOrAGoalTheVerdictFallsBack() {
        assertThat(new Ratio(0.91, Double.NaN).against(Goal.atLeast(0.9))).isEqualTo(Verdict.MET);
        assertThat(new Ratio(0.89, Double.NaN).against(Goal.atLeast(0.9))).isEqualTo(Verdict.MISSED);
        assertThat(new Ratio(0.91, 0.5).against(null)).isEqualTo(Verdict.NONE);
        assertThat(new Ratio(Double.NaN, Double.NaN).against(Goal.atLeast(0.9))).isEqualTo(Verdict.NONE);
        assertThat(Verdict.TIE.mark()).isEqualTo("tie");
    }

    @Test
    void tQuantilesFallTowardTheNormalOne() {
        assertThat(Ratio.t95(1)).isEqualTo(12.706);
        assertThat(Ratio.t95(4)).isEqualTo(2.776);
        assertThat(Ratio.t95(30)).isEqualTo(2.042);
        assertThat(Ratio.t95(1000)).isEqualTo(1.960);
        assertThat(Ratio.t95(0)).isNaN();
    }

    @Test
    void formatShowsTheIntervalBesideTheRatio() {
        assertThat(new Ratio(0.934, 0.041).format()).isEqualTo("0.934 ± 0.0410");
        assertThat(new Ratio(12.9, Double.NaN).format()).isEqualTo("12.9");
    }
}
