package dev.depot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Statistics over the rounds of the benchmarks that time whole runs in a JVM of their own (the S3
 * rows), where JMH's error bars do not apply: a mean, and an interval of two standard errors.
 */
final class Rounds {
    private Rounds() {}

    static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The standard error of the mean; NaN with fewer than two rounds. */
    static double stderr(List<Double> xs) {
        if (xs.size() < 2) {
            return Double.NaN;
        }
        double m = mean(xs);
        double var = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (xs.size() - 1);
        return Math.sqrt(var / xs.size());
    }

    /** Prints the {@code RATIO} line {@link BenchMain} puts in the ratio table: the per-round ratios' mean ± t·standard error (95 %). */
    static void ratio(String workload, List<Double> ratios) {
        Ratio r = Ratio.paired(ratios);
        System.out.printf(Locale.ROOT, "RATIO %s\t%.3f\t%.3f\t%d%n", workload, r.value(), r.error(), ratios.size());
    }

    /** Removes a folder and everything in it, if it exists. */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
