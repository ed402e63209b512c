package dev.depot.cli;

import dev.depot.MediaLibrary;
import dev.depot.MediaRemoval;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code depot media remove-unattached --days N}. */
@Command(name = "remove-unattached", mixinStandardHelpOptions = true,
        description = {"Deletes uploads (records and files) never attached to anything and older than N days."})
final class MediaRemoveUnattachedCommand extends MediaSubcommand {
    @Option(names = "--days", paramLabel = "N", description = "Age in days (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int days;

    @Override
    void checkArguments() {
        days(days);
    }

    @Override
    int call(MediaLibrary library) {
        MediaRemoval r = library.removeUnattached(days(days));
        out().printf(Locale.ROOT, "removed %,d unattached uploads: %,d objects, %s%n", r.records(), r.objects(),
                BlobUsageCommand.human(r.bytes()));
        return 0;
    }
}
