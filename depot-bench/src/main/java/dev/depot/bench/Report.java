package dev.depot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one run as {@code docs/benchmarks.md}: first the ratios Depot/peer with their
 * intervals, targets and verdicts ({@link Ratio}), then every absolute number, then how and where
 * it ran. Ratios are what to compare; absolute numbers depend on the machine. Not thread-safe:
 * one run fills it from one thread.
 */
public final class Report {
    /**
     * One number: {@code score ± error} in {@code unit}, for one workload on one target;
     * {@code error} is the half-width of its 95 % interval (t·standard error), {@code stderr} the standard
     * error of the mean of {@code n} samples, or NaN and 0 when unknown.
     */
    public record Measurement(String workload, String target, double score, double error, String unit, double stderr, int n) {
        public Measurement(String workload, String target, double score, double error, String unit) {
            this(workload, target, score, error, unit, Double.NaN, 0);
        }

        String key() {
            return key(workload, target);
        }

        static String key(String workload, String target) {
            return workload + "/" + target;
        }
    }

    /** A target on a ratio: at least (or at most) {@code value}. */
    public record Goal(boolean atLeast, double value) {
        public static Goal atLeast(double v) {
            return new Goal(true, v);
        }

        public static Goal atMost(double v) {
            return new Goal(false, v);
        }

        /** Whether {@code ratio} alone satisfies the goal. */
        public boolean met(double ratio) {
            return atLeast ? ratio >= value : ratio <= value;
        }

        @Override
        public String toString() {
            return (atLeast ? "≥ " : "≤ ") + java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    /**
     * One row of the ratio table: {@code depot}'s measurement divided by {@code peer}'s, both of
     * {@code workload}; {@code peerWorkload} differs when Depot is compared with itself in
     * another workload (putAll against a loop of single writes). {@code goal} may be null.
     */
    public record Comparison(String workload, String store, String depot, String peerWorkload, String peer, Goal goal) {
        public static Comparison of(String workload, String store, String depot, String peer, Goal goal) {
            return new Comparison(workload, store, depot, workload, peer, goal);
        }

        /** A row with no peer: Depot's own number against an absolute goal in its unit. */
        public static Comparison absolute(String workload, String store, String depot, Goal goal) {
            return new Comparison(workload, store, depot, workload, null, goal);
        }
    }

    private final Map<String, Measurement> measurements = new TreeMap<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Per-round ratios of pairs measured in alternation, by {@link #pairKey}. */
    private final Map<String, List<Double>> rounds = new TreeMap<>();
    /** Ratios with their interval computed elsewhere (the round-based child JVMs), by workload. */
    private final Map<String, Ratio> given = new TreeMap<>();

    public void add(Measurement m) {
        measurements.put(m.key(), m);
    }

    public void compare(Comparison c) {
        comparisons.add(c);
    }

    public void note(String text) {
        notes.add(text);
    }

    public Measurement get(String workload, String target) {
        return measurements.get(Measurement.key(workload, target));
    }

    /** Records the ratio {@code depot ÷ peer} of one round in which both ran in alternation, in {@code workload}. */
    public void roundRatio(String workload, String depot, String peer, double ratio) {
        rounds.computeIfAbsent(pairKey(workload, depot, peer), k -> new ArrayList<>()).add(ratio);
    }

    /** Records a ratio whose interval was computed by a child JVM (mean ± t·standard error over its rounds). */
    public void givenRatio(String workload, Ratio ratio) {
        given.put(workload, ratio);
    }

    private static String pairKey(String workload, String depot, String peer) {
        return workload + "/" + depot + "/" + peer;
    }

    /**
     * The ratio of a comparison with its interval: from the per-round ratios when Depot and the
     * peer alternated, else from a child's rounds, else the two means' quotient with their
     * errors combined in quadrature. NaN when a side was not measured. A row without a peer is
     * Depot's own score with its error.
     */
    public Ratio ratio(Comparison c) {
        Measurement d = get(c.workload(), c.depot());
        if (c.peer() == null) {
            return d == null ? new Ratio(Double.NaN, Double.NaN) : new Ratio(d.score(), d.error());
        }
        List<Double> paired = c.peerWorkload().equals(c.workload()) ? rounds.get(pairKey(c.workload(), c.depot(), c.peer())) : null;
        if (paired != null && paired.size() >= 2) {
            return Ratio.paired(paired);
        }
        if (given.containsKey(c.workload())) {
            return given.get(c.workload());
        }
        Measurement p = get(c.peerWorkload(), c.peer());
        if (d == null || p == null) {
            return new Ratio(Double.NaN, Double.NaN);
        }
        return Ratio.quotient(d.score(), d.stderr(), d.n(), p.score(), p.stderr(), p.n());
    }

    /** The whole document. */
    public String markdown(String command, String machine, String date) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Depot against its peers in one run, on the same data: long keys, 100-byte values, ")
                .append("4 threads unless said otherwise. **Compare the ratios, not the absolute numbers**: ")
                .append("the absolute numbers depend on the machine and on whatever else ran on it.\n\n");
        md.append("Run on ").append(date).append(" with `").append(command).append("`.\n\n");
        md.append("## Ratios\n\n");
        md.append("Depot ÷ peer (higher is better for Depot, except heap, where lower is better), ± the half-width ")
                .append("of its 95 % confidence interval. A row meets (✔) or misses (✘) its target only when the whole ")
                .append("interval is on one side; an interval that contains the target is a **tie**.\n\n");
        md.append("| workload | store | Depot | peer | ratio ± error | target | verdict |\n");
        md.append("|---|---|---|---|---:|---|:---:|\n");
        for (Comparison c : comparisons) {
            Ratio r = ratio(c);
            String peer = c.peer() == null ? "—"
                    : c.peerWorkload().equals(c.workload()) ? c.peer() : c.peer() + " (" + c.peerWorkload() + ")";
            String unit = c.peer() == null && get(c.workload(), c.depot()) != null ? " " + get(c.workload(), c.depot()).unit() : "";
            String verdict = r.against(c.goal()).mark();
            md.append("| ").append(c.workload()).append(" | ").append(c.store()).append(" | ").append(c.depot())
                    .append(" | ").append(peer).append(" | ")
                    .append(Double.isNaN(r.value()) ? "not measured" : r.format() + unit).append(" | ")
                    .append(c.goal() == null ? "" : c.goal() + unit).append(" | ").append(verdict).append(" |\n");
        }
        md.append("\n## Absolute numbers\n\n");
        md.append("| workload | target | score | ± (95 %) | unit |\n");
        md.append("|---|---|---:|---:|---|\n");
        for (Measurement m : measurements.values()) {
            md.append("| ").append(m.workload()).append(" | ").append(m.target()).append(" | ").append(number(m.score()))
                    .append(" | ").append(Double.isNaN(m.error()) ? "" : number(m.error())).append(" | ").append(m.unit())
                    .append(" |\n");
        }
        md.append(METHOD);
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String n : notes) {
                md.append("- ").append(n).append('\n');
            }
        }
        md.append("\n## Machine\n\n").append(machine).append('\n');
        return md.toString();
    }

    /** How the intervals are made, written into every report so that a new run cannot lose it. */
    static final String METHOD = """

            ## How the intervals are made

            - **Rounds in alternation.** Each JMH workload runs a group at a time: a Depot target and the \
            peers it is compared with (`depot@sqlite`, `jdbc@sqlite`, `mvstore`). In each fork the targets take \
            turns, one iteration each, so Depot and its peer run in adjacent iterations of the same JVM on the \
            same data; a *round* is one turn of every target. Slow drifts (other load on the machine, the \
            server's checkpoints, its caches) hit both sides of a round alike and cancel in its ratio.
            - **Ratio ± error** is the mean of the per-round ratios over every fork of the group ± t(0.975, n−1) \
            × their standard error: a 95 % confidence interval (not JMH's 99.9 %: with 12 rounds t is 4.4 \
            instead of 2.2, so the same width would take about four times the rounds, more than 40 minutes \
            allow; the tie verdict already keeps a near miss from counting either way). The rounds are \
            treated as independent; with \
            two forks pooled, fork-to-fork differences (JIT decisions) widen the interval but are not modelled \
            on their own.
            - **Rows that cannot alternate** take the ratio of the two means and combine their relative \
            standard errors in quadrature (first-order error propagation), with t of the smaller side's \
            degrees of freedom: `putAll 100k` against `set loop` (two benchmark methods), and `write mode` \
            (a write-behind target's flusher would keep writing through its neighbour's iteration, and \
            flushing it between iterations would hand it an empty buffer at the start of each one; so every \
            write-mode target runs in forks of its own). These intervals do not cancel drifts and are wider; \
            first-order propagation is only fair while each side's relative error is small (an interval \
            reaching below zero means: more rounds).
            - **Rows from JVMs of their own** (S3, media) are rounds too, Depot and its peer in alternating \
            order: mean of the per-round ratios ± t·standard error.
            - **Absolute numbers** are the mean of the per-iteration scores ± t·standard error (95 %), not \
            JMH's 99.9 % interval: with three iterations JMH multiplies by t(0.9995, 2) = 31.6, which is how \
            older reports showed errors wider than the scores.
            - **Verdict**: ✔ when the whole interval meets the target, ✘ when none of it does, **tie** when \
            the interval contains the target. A row with a single measurement (heap, migration, round \
            trips) has no interval and is judged on its value.
            """;

    public void write(Path file, String command, String machine, String date) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown(command, machine, date));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Three significant digits, thousands separated: 1,234,000 / 12.3 / 0.0456. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            double scale = Math.pow(10, Math.floor(Math.log10(a)) - 2);
            return String.format(Locale.ROOT, "%,.0f", Math.round(v / scale) * scale);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
