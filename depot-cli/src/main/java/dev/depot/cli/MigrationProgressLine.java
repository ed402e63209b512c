package dev.depot.cli;

import dev.depot.MigrationProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The one-line progress bar of {@code depot migrate} and {@code depot blobs migrate}: each report
 * overwrites the line (carriage return, padded to cover the longer line before), and a finished
 * map or copy leaves its summary line behind. Used from the migration's thread only.
 */
final class MigrationProgressLine {
    private static final int BAR = 30;

    private final PrintWriter out;
    /** Width of the line on screen, so the next one can cover it completely. */
    private int shown;

    MigrationProgressLine(PrintWriter out) {
        this.out = out;
    }

    /**
     * Shows {@code p}: a bar with copied/total, the rate and the time left, labelled {@code name},
     * counting {@code unit}; when {@code p} is done, {@code summary} instead, and the line ends.
     */
    void show(String name, MigrationProgress p, String unit, String summary) {
        String line;
        if (p.mapDone()) {
            line = summary + (p.copiedThisRun() > 0
                    ? String.format(Locale.ROOT, " (%,.0f %s/s)", p.rate(), unit) : " (copied earlier)");
        } else {
            double share = p.total() <= 0 ? 1 : Math.min(1, (double) p.copied() / p.total());
            int filled = (int) Math.round(share * BAR);
            Duration eta = p.eta();
            line = String.format(Locale.ROOT, "%s [%s%s] %,d/%,d  %,.0f %s/s  ETA %s", name, "#".repeat(filled),
                    ".".repeat(BAR - filled), p.copied(), p.total(), p.rate(), unit, eta == null ? "?" : seconds(eta));
        }
        out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        shown = line.length();
        if (p.mapDone()) {
            out.println();
            shown = 0;
        }
        out.flush();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** A throwaway session folder: the program's depot-state.json is not the tool's to write. */
    static Path scratchFolder(String stem) {
        try {
            return Files.createTempDirectory(stem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }
}
