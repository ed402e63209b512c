package dev.depot.cli;

import dev.depot.MediaLibrary;
import dev.depot.OrphanReport;
import dev.depot.OrphanScan;
import dev.depot.spi.SettingValues;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code depot media remove-orphans [--apply] [--start-after KEY]}. */
@Command(name = "remove-orphans", mixinStandardHelpOptions = true,
        description = {"Finds objects no record names and records whose objects are gone. Only reports unless --apply; "
                + "run with --verbose to see each key and its reason. Prints the cursor to go on from when stopped by --limit."})
final class MediaRemoveOrphansCommand extends MediaSubcommand {
    @Option(names = "--apply", description = "Delete the orphan objects and repair the records (default: dry run).")
    boolean apply;

    @Option(names = "--start-after", paramLabel = "KEY", description = "Resume after this key (a previous run's cursor).")
    String startAfter;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N objects (default: no limit).")
    long limit;

    @Option(names = "--rate", paramLabel = "N", description = "At most N objects per second (default: no limit).")
    int rate;

    @Option(names = "--grace", paramLabel = "DURATION", description = "Leave uploads younger than this alone "
            + "(default: 1h; e.g. 30m, 2h, PT1H).")
    String grace;

    @Override
    void checkArguments() {
        scan();
    }

    private OrphanScan scan() {
        OrphanScan scan = OrphanScan.dryRun().withApply(apply).withStartAfter(startAfter).withLimit(limit)
                .withObjectsPerSecond(rate);
        return grace == null ? scan : scan.withGrace(SettingValues.parseDuration("--grace", grace));
    }

    @Override
    int call(MediaLibrary library) {
        OrphanReport r = library.removeOrphans(scan());
        PrintWriter out = out();
        out.printf(Locale.ROOT, "%s: %,d objects examined (%s)%n", r.applied() ? "applied" : "dry run",
                r.objectsExamined(), BlobUsageCommand.human(r.bytesExamined()));
        out.printf(Locale.ROOT, "orphan objects: %,d (%s), deleted: %,d%n", r.orphanObjects(),
                BlobUsageCommand.human(r.orphanBytes()), r.objectsDeleted());
        out.printf(Locale.ROOT, "left alone: %,d in flight, %,d with unrecognised keys%n", r.inFlight(), r.unrecognised());
        out.printf(Locale.ROOT, "records missing objects: %,d (%,d objects, %s), repaired: %,d%s%n",
                r.recordsMissingObjects().size(), r.missingObjects(), BlobUsageCommand.human(r.missingBytes()),
                r.recordsRepaired(), r.recordsMissingObjects().isEmpty() ? "" : "  ids " + r.recordsMissingObjects());
        out.println(r.nextCursor() == null ? "done: the walk reached the end"
                : "stopped; go on with --start-after " + r.nextCursor());
        return 0;
    }
}
