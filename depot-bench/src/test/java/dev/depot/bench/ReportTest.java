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
                .contains("| get | postgres | depot@postgres | jdbc@postgres | not measured | ≥ 0.9 |  |")
                .contains("| get | chm | 10,000,000 | 50,000 | ops/s |")
                .contains("`bin/bench`");
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertThat(Report.number(1_234_567)).isEqualTo("1,230,000");
        assertThat(Report.number(123.4)).isEqualTo("123");
        assertThat(Report.number(12.34)).isEqualTo("12.3");
        assertThat(Report.number(0.0456)).isEqualTo("0.0456");
    }
}
