package dev.depot.cli;

import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import dev.depot.UploadOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depot media upload FILE}. */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Processes and stores FILE as an upload; prints the new id. A refused file (type, size, "
                + "corrupt) exits with 2 and stores nothing."})
final class MediaUploadCommand extends MediaSubcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The image to upload.")
    Path file;

    @Option(names = "--description", paramLabel = "TEXT", description = "Alt text, at most 1,500 characters.")
    String description;

    @Override
    boolean createsStore() {
        return true;
    }

    @Override
    void checkArguments() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file);
        }
    }

    @Override
    int call(MediaLibrary library) throws Exception {
        UploadOptions options = UploadOptions.defaults().withDescription(description);
        MediaAttachment a;
        try (InputStream in = Files.newInputStream(file)) {
            a = library.upload(in, file.getFileName().toString(), options);
        }
        out().println(a.id());
        return 0;
    }
}
