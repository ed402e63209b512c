package dev.depot.cli;

import dev.depot.MediaLibrary;
import dev.depot.MediaRemoval;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code depot media remove-unattached --days N}. */
@Command(name = "remove-unattached", mixinStandardHelpOptions = true,
        description = {"Deletes uploads (records and files) never attached to anything and older than N days."})
final class MediaRemoveUnattachedCommand extends MediaAgeCommand {
    @Override
    int defaultDays() {
        return 1;
    }

    @Override
    int call(MediaLibrary library) {
        MediaRemoval r = library.removeUnattached(age());
        out().printf(Locale.ROOT, "removed %,d unattached uploads: %,d objects, %s%n", r.records(), r.objects(),
                BlobUsageCommand.human(r.bytes()));
        return 0;
    }
}
