package dev.depot.cli;

import dev.depot.MediaLibrary;
import dev.depot.MediaRemoval;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/**
 * A {@code depot media} subcommand that removes what is older than {@code --days N} and prints
 * what it removed; the subclasses differ only in the default age, the removal and the wording.
 */
abstract class MediaAgeCommand extends MediaSubcommand {
    @Option(names = "--days", paramLabel = "N", description = "Age in days (default: 7 for remove, 1 for remove-unattached).")
    Integer days;

    private final int defaultDays;
    private final BiFunction<MediaLibrary, Duration, MediaRemoval> removal;
    private final String report;

    /**
     * @param report format of the printed line, given the records, objects and human-readable bytes removed
     */
    MediaAgeCommand(int defaultDays, BiFunction<MediaLibrary, Duration, MediaRemoval> removal, String report) {
        this.defaultDays = defaultDays;
        this.removal = removal;
        this.report = report;
    }

    /** The age asked for; a negative one is bad input. */
    Duration age() {
        int d = days == null ? defaultDays : days;
        if (d < 0) {
            throw new IllegalArgumentException("--days must not be negative, not " + d);
        }
        return Duration.ofDays(d);
    }

    @Override
    void checkArguments() {
        age();
    }

    @Override
    final int call(MediaLibrary library) {
        MediaRemoval r = removal.apply(library, age());
        out().printf(Locale.ROOT, report + "%n", r.records(), r.objects(), BlobUsageCommand.human(r.bytes()));
        return 0;
    }
}
