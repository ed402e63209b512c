package dev.depot.cli;

import dev.depot.MediaLibrary;
import picocli.CommandLine.Command;

/** {@code depot media remove-unattached --days N}. */
@Command(name = "remove-unattached", mixinStandardHelpOptions = true,
        description = {"Deletes uploads (records and files) never attached to anything and older than N days."})
final class MediaRemoveUnattachedCommand extends MediaAgeCommand {
    MediaRemoveUnattachedCommand() {
        super(1, MediaLibrary::removeUnattached, "removed %,d unattached uploads: %,d objects, %s");
    }
}
