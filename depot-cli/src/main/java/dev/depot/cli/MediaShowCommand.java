package dev.depot.cli;

import dev.depot.Codec;
import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import dev.depot.internal.DepotJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code depot media show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints the record of upload ID as JSON (status, URLs, sizes, metadata); exit code 1 when there is none."})
final class MediaShowCommand extends MediaSubcommand {
    @Mixin
    MediaIdArgument id;

    @Override
    int call(MediaLibrary library) throws Exception {
        MediaAttachment a = id.find(i -> library.get(i).orElse(null));
        print(a);
        return 0;
    }

    void print(MediaAttachment a) throws Exception {
        byte[] json = Codec.json(MediaAttachment.class).encode(a);
        out().println(DepotJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(DepotJson.MAPPER.readTree(json)));
    }
}
