package dev.depot.cli;

import dev.depot.MediaLibrary;
import dev.depot.MediaUsage;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code depot media usage}. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = {"Bytes the records name per kind and style, next to the bytes the blob store lists, and what "
                + "makes the difference (orphans, missing objects, uploads in flight)."})
final class MediaUsageCommand extends MediaSubcommand {
    @Override
    int call(MediaLibrary library) {
        MediaUsage u = library.usage();
        PrintWriter out = out();
        out.printf(Locale.ROOT, "%-24s  %18s%n", "RECORDED", "BYTES");
        u.recordedByKind().forEach((kind, styles) -> styles.forEach((style, bytes) ->
                row(out, kind.name().toLowerCase(Locale.ROOT) + " " + style.key(), bytes)));
        row(out, "recorded total", u.recordedBytes());
        row(out, "  of which cached remote", u.cachedBytes());
        out.printf(Locale.ROOT, "%-24s  %18s%n", "LISTED IN THE BLOB STORE", "BYTES");
        u.listedByStyle().forEach((style, bytes) -> row(out, style.key(), bytes));
        row(out, "listed total", u.listedBytes());
        out.printf(Locale.ROOT, "%-24s  %18s%n", "DIFFERENCE", "BYTES");
        row(out, "orphans (" + u.orphanObjects() + ")", u.orphanBytes());
        row(out, "missing (" + u.missingObjects() + ")", -u.missingBytes());
        row(out, "in flight", u.inFlightBytes());
        row(out, "unrecognised keys", u.unrecognisedBytes());
        row(out, "listed - recorded", u.listedBytes() - u.recordedBytes());
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String label, long bytes) {
        out.printf(Locale.ROOT, "%-24s  %,18d  %s%n", label, bytes, BlobUsageCommand.human(Math.abs(bytes)));
    }
}
