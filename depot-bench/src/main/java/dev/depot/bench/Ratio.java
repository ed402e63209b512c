package dev.depot.bench;

import java.util.List;

/**
 * A ratio Depot ÷ peer with the half-width of its 95 % confidence interval, and how it stands
 * against a target: met (✔) or missed (✘) only when the whole interval is on one side, a tie
 * when the interval contains the target. Immutable; {@code error} is NaN when no interval is
 * known (a single measurement), and then the verdict falls back to the ratio alone.
 *
 * <p>Two ways to get one (docs/benchmarks.md "How the intervals are made"):
 * {@link #paired} from per-round ratios of Depot and its peer measured in alternation (slow drifts
 * of the machine cancel in each ratio), and {@link #quotient} from two independent means with
 * their standard errors combined in quadrature (first-order error propagation), for pairs that
 * cannot alternate.
 */
public record Ratio(double value, double error) {
    /** What a ratio says about its target. */
    public enum Verdict {
        MET("✔"), MISSED("✘"), TIE("tie"), NONE("");

        private final String mark;

        Verdict(String mark) {
            this.mark = mark;
        }

        public String mark() {
            return mark;
        }
    }

    /** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom; beyond, the normal 1.96 is within 2 %. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    /** Student's t for a two-sided 95 % interval with {@code df} degrees of freedom; NaN below 1. */
    static double t95(int df) {
        if (df < 1) {
            return Double.NaN;
        }
        return df <= T975.length ? T975[df - 1] : df <= 60 ? 2.000 : df <= 120 ? 1.980 : 1.960;
    }

    /** The mean of the per-round ratios ± t·(standard error); with one round the error is NaN. */
    public static Ratio paired(List<Double> ratios) {
        if (ratios.isEmpty()) {
            return new Ratio(Double.NaN, Double.NaN);
        }
        return new Ratio(Rounds.mean(ratios), t95(ratios.size() - 1) * Rounds.stderr(ratios));
    }

    /**
     * {@code a / b} where each side is a mean with its standard error: the relative errors combine
     * in quadrature, {@code se(r)/r = sqrt((se(a)/a)² + (se(b)/b)²)}, and the interval takes t of
     * the smaller side's degrees of freedom (conservative). A NaN error on either side gives a NaN error.
     */
    public static Ratio quotient(double a, double seA, int nA, double b, double seB, int nB) {
        if (b == 0 || Double.isNaN(a) || Double.isNaN(b)) {
            return new Ratio(Double.NaN, Double.NaN);
        }
        double r = a / b;
        double rel = Math.sqrt(sq(seA / a) + sq(seB / b));
        return new Ratio(r, Math.abs(r) * rel * t95(Math.min(nA, nB) - 1));
    }

    private static double sq(double x) {
        return x * x;
    }

    /** The interval's half-width as a fraction of the ratio (0.1 = ±10 %); NaN when unknown. */
    public double relativeError() {
        return error / Math.abs(value);
    }

    /** Met when the whole interval satisfies {@code goal}, missed when none of it does, a tie otherwise. */
    public Verdict against(Report.Goal goal) {
        if (goal == null || Double.isNaN(value)) {
            return Verdict.NONE;
        }
        double e = Double.isNaN(error) ? 0 : error;
        boolean lowMeets = goal.met(value - e);
        boolean highMeets = goal.met(value + e);
        if (lowMeets && highMeets) {
            return Verdict.MET;
        }
        if (!lowMeets && !highMeets) {
            return Verdict.MISSED;
        }
        return Verdict.TIE;
    }

    /** {@code 0.934 ± 0.041}, or the bare ratio when no interval is known. */
    public String format() {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        return Double.isNaN(error) ? Report.number(value) : Report.number(value) + " ± " + Report.number(error);
    }
}
