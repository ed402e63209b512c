package dev.depot.cli;

import dev.depot.MediaLibrary;
import picocli.CommandLine.Command;

/** {@code depot media remove --days N}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Deletes the cached files of remote media older than N days and keeps their records "
                + "('depot media refresh ID' fetches them again). Uploads are never touched."})
final class MediaRemoveCommand extends MediaAgeCommand {
    MediaRemoveCommand() {
        super(7, MediaLibrary::removeCached, "removed the files of %,d cached copies: %,d objects, %s");
    }
}
