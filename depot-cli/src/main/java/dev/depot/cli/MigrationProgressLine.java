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
 * The progress of {@code depot migrate} and {@code depot blobs migrate}. On a terminal, a
 * one-line bar: each report overwrites the line (carriage return, padded to cover the longer
 * line before). Elsewhere (CI logs, a pipe, a file) plain lines without bar or carriage return,
 * one per tenth of the map or every {@value #PLAIN_EVERY_SECONDS} s, whichever comes first. Either
 * way a finished map or copy leaves its summary line behind. Used from the migration's thread only.
 */
final class MigrationProgressLine {
    private static final int BAR = 30;
    static final int PLAIN_EVERY_SECONDS = 30;

    private final PrintWriter out;
    private final boolean terminal;
    /** Width of the line on screen, so the next one can cover it completely. */
    private int shown;
    /** Plain lines: the tenth of the map last printed (-1: none yet) and when. */
    private int lastTenth = -1;
    private long lastPrinted;

    /** Progress on {@code out}, drawn as a bar when standard output is a terminal. */
    MigrationProgressLine(PrintWriter out) {
        this(out, Terminal.stdoutIsTerminal());
    }

    MigrationProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Shows {@code p}: a bar with copied/total, the rate and the time left, labelled {@code name},
     * counting {@code unit}; when {@code p} is done, {@code summary} instead, and the line ends.
     */
    void show(String name, MigrationProgress p, String unit, String summary) {
        if (!terminal) {
            showPlain(name, p, unit, summary);
            return;
        }
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

    private void showPlain(String name, MigrationProgress p, String unit, String summary) {
        if (p.mapDone()) {
            out.println(summary + (p.copiedThisRun() > 0
                    ? String.format(Locale.ROOT, " (%,.0f %s/s)", p.rate(), unit) : " (copied earlier)"));
            lastTenth = -1;
        } else {
            int percent = p.total() <= 0 ? 100 : (int) Math.min(100, p.copied() * 100 / p.total());
            long now = System.nanoTime();
            if (percent / 10 <= lastTenth && now - lastPrinted < PLAIN_EVERY_SECONDS * 1_000_000_000L) {
                return;
            }
            lastTenth = percent / 10;
            lastPrinted = now;
            Duration eta = p.eta();
            out.println(String.format(Locale.ROOT, "%s %,d/%,d (%d%%)  %,.0f %s/s  ETA %s", name, p.copied(), p.total(),
                    percent, p.rate(), unit, eta == null ? "?" : seconds(eta)));
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
