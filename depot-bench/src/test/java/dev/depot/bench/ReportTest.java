package dev.depot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.bench.Report.Comparison;
import dev.depot.bench.Report.Goal;
import dev.depot.bench.Report.Measurement;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void ratiosTargetsAndMissingSides() {
        Report r = new Report();
        r.add(new Measurement("get", "depot@memory", 9_000_000, 100_000, "ops/s"));
        r.add(new Measurement("get", "chm", 10_000_000, 50_000, "ops/s"));
        r.add(new Measurement("put", "depot@redis", 40_000, 1_000, "ops/s"));
        r.add(new Measurement("put", "lettuce@redis", 50_000, 1_000, "ops/s"));
        r.add(new Measurement("putAll", "depot@redis", 1_000_000, Double.NaN, "entries/s"));
        r.add(new Measurement("setLoop", "depot@redis", 25_000, 10, "entries/s"));
        r.add(new Measurement("heap", "depot@postgres", 4, Double.NaN, "MB"));
        r.add(new Measurement("heap", "depot@memory", 200, Double.NaN, "MB"));
        r.compare(Comparison.of("get", "memory", "depot@memory", "chm", Goal.atLeast(0.8)));
        r.compare(Comparison.of("put", "redis", "depot@redis", "lettuce@redis", Goal.atLeast(0.9)));
        r.compare(new Comparison("putAll", "redis", "depot@redis", "setLoop", "depot@redis", Goal.atLeast(5)));
        r.compare(Comparison.of("heap", "postgres", "depot@postgres", "depot@memory", Goal.atMost(0.05)));
        r.compare(Comparison.of("get", "postgres", "depot@postgres", "jdbc@postgres", Goal.atLeast(0.9)));

        String md = r.markdown("bin/bench", "2 CPUs", "2025-01-01");

        assertThat(md).contains("| get | memory | depot@memory | chm | 0.900 | ≥ 0.8 | ✔ |")
                .contains("| put | redis | depot@redis | lettuce@redis | 0.800 | ≥ 0.9 | ✘ |")
                .contains("| putAll | redis | depot@redis | depot@redis (setLoop) | 40.0 | ≥ 5 | ✔ |")
                .contains("| heap | postgres | depot@postgres | depot@memory | 0.0200 | ≤ 0.05 | ✔ |")
                .contains("| workload | store | Depot | peer | ratio ± error | target | verdict |")
                .contains("| get | postgres | depot@postgres | jdbc@postgres | not measured | ≥ 0.9 |  |")
                .contains("| get | chm | 10,000,000 | 50,000 | ops/s |")
                .contains("`bin/bench`");
    }

    @Test
    void pairedRoundsWinOverTheQuotientAndATieIsMarked() {
        Report r = new Report();
        // independent means: 0.95 ± (quadrature of 2 % and 2 % → 2.83 %, t(4) = 2.776) = ± 0.0746
        r.add(new Measurement("set", "depot@postgres", 95, 0, "ops/s", 1.9, 5));
        r.add(new Measurement("set", "jdbc@postgres", 100, 0, "ops/s", 2, 5));
        r.add(new Measurement("get", "depot@sqlite", 95, 0, "ops/s", 1.9, 5));
        r.add(new Measurement("get", "jdbc@sqlite", 100, 0, "ops/s", 2, 5));
        // rounds in alternation: 1.00, 1.02, 0.98, 1.01, 0.99 → 1.00 ± 2.776 · 0.00707 = ± 0.0196
        for (double x : new double[] {1.00, 1.02, 0.98, 1.01, 0.99}) {
            r.roundRatio("get", "depot@sqlite", "jdbc@sqlite", x);
        }
        r.givenRatio("s3 put", new Ratio(2.08, 0.35));
        r.compare(Comparison.of("set", "postgres", "depot@postgres", "jdbc@postgres", Goal.atLeast(0.9)));
        r.compare(Comparison.of("get", "sqlite", "depot@sqlite", "jdbc@sqlite", Goal.atLeast(0.9)));
        r.compare(Comparison.of("s3 put", "s3proxy", "depot@s3proxy", "aws@s3proxy", Goal.atLeast(0.8)));

        assertThat(r.ratio(Comparison.of("get", "sqlite", "depot@sqlite", "jdbc@sqlite", null)).error())
                .isCloseTo(2.776 * Math.sqrt(0.00025 / 5), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.markdown("bin/bench", "2 CPUs", "2025-01-01"))
                .contains("| set | postgres | depot@postgres | jdbc@postgres | 0.950 ± 0.0746 | ≥ 0.9 | tie |")
                .contains("| get | sqlite | depot@sqlite | jdbc@sqlite | 1.00 ± 0.0196 | ≥ 0.9 | ✔ |")
                .contains("| s3 put | s3proxy | depot@s3proxy | aws@s3proxy | 2.08 ± 0.350 | ≥ 0.8 | ✔ |");
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertThat(Report.number(1_234_567)).isEqualTo("1,230,000");
        assertThat(Report.number(123.4)).isEqualTo("123");
        assertThat(Report.number(12.34)).isEqualTo("12.3");
        assertThat(Report.number(0.0456)).isEqualTo("0.0456");
    }
}
