package dev.depot.cli;

import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code depot media refresh ID}. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Fetches the files of a cached remote copy again (or processes a failed upload again from its "
                + "stored original); prints the status and the stored styles."})
final class MediaRefreshCommand extends MediaSubcommand {
    @Mixin
    MediaIdArgument id;

    @Override
    int call(MediaLibrary library) {
        MediaAttachment a = id.find(library::refresh);
        out().println(a.id() + "  " + a.status() + "  " + a.variants().size() + " styles  " + a.storedBytes() + " bytes");
        return 0;
    }
}
