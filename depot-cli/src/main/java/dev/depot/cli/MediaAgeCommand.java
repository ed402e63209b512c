package dev.depot.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** A {@code depot media} subcommand that removes what is older than {@code --days N}. */
abstract class MediaAgeCommand extends MediaSubcommand {
    @Option(names = "--days", paramLabel = "N", description = "Age in days (default: 7 for remove, 1 for remove-unattached).")
    Integer days;

    /** The age when {@code --days} is not given. */
    abstract int defaultDays();

    /** The age asked for; a negative one is bad input. */
    Duration age() {
        int d = days == null ? defaultDays() : days;
        if (d < 0) {
            throw new IllegalArgumentException("--days must not be negative, not " + d);
        }
        return Duration.ofDays(d);
    }

    @Override
    void checkArguments() {
        age();
    }
}
