package dev.depot.cli;

import dev.depot.MediaLibrary;
import dev.depot.MediaRemoval;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code depot media remove --days N}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Deletes the cached files of remote media older than N days and keeps their records "
                + "('depot media refresh ID' fetches them again). Uploads are never touched."})
final class MediaRemoveCommand extends MediaAgeCommand {
    @Override
    int defaultDays() {
        return 7;
    }

    @Override
    int call(MediaLibrary library) {
        MediaRemoval r = library.removeCached(age());
        out().printf(Locale.ROOT, "removed the files of %,d cached copies: %,d objects, %s%n", r.records(),
                r.objects(), BlobUsageCommand.human(r.bytes()));
        return 0;
    }
}
