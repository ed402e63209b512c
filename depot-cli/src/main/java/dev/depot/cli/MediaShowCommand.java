package dev.depot.cli;

import dev.depot.Codec;
import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import dev.depot.internal.DepotJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code depot media show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints the record of upload ID as JSON (status, URLs, sizes, metadata); exit code 1 when there is none."})
final class MediaShowCommand extends MediaSubcommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The media id.")
    long id;

    @Override
    int call(MediaLibrary library) throws Exception {
        MediaAttachment a = library.get(id).orElseThrow(() -> new CommandFailure("no media attachment " + id));
        print(a);
        return 0;
    }

    void print(MediaAttachment a) throws Exception {
        byte[] json = Codec.json(MediaAttachment.class).encode(a);
        out().println(DepotJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(DepotJson.MAPPER.readTree(json)));
    }
}
