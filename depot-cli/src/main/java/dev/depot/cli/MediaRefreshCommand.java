package dev.depot.cli;

import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import java.util.NoSuchElementException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code depot media refresh ID}. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Fetches the files of a cached remote copy again (or processes a failed upload again from its "
                + "stored original); prints the status and the stored styles."})
final class MediaRefreshCommand extends MediaSubcommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The media id.")
    long id;

    @Override
    int call(MediaLibrary library) {
        MediaAttachment a;
        try {
            a = library.refresh(id);
        } catch (NoSuchElementException e) {
            throw new CommandFailure("no media attachment " + id);
        }
        out().println(a.id() + "  " + a.status() + "  " + a.variants().size() + " styles  " + a.storedBytes() + " bytes");
        return 0;
    }
}
