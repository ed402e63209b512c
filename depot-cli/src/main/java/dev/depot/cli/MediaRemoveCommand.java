package dev.depot.cli;

import dev.depot.MediaLibrary;
import dev.depot.MediaRemoval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code depot media remove --days N}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Deletes the cached files of remote media older than N days and keeps their records "
                + "('depot media refresh ID' fetches them again). Uploads are never touched."})
final class MediaRemoveCommand extends MediaSubcommand {
    @Option(names = "--days", paramLabel = "N", description = "Age in days (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    int days;

    @Override
    void checkArguments() {
        days(days);
    }

    @Override
    int call(MediaLibrary library) {
        MediaRemoval r = library.removeCached(days(days));
        out().printf(java.util.Locale.ROOT, "removed the files of %,d cached copies: %,d objects, %s%n", r.records(),
                r.objects(), BlobUsageCommand.human(r.bytes()));
        return 0;
    }
}
