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
                + "corrupt) exits with 2 and stores nothing. Large video and audio are processed in the background: "
                + "the command waits for them (progress on stderr) and exits with 2 when processing fails."})
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
        out().flush();
        return finished(library, a) ? 0 : 2;
    }

    /**
     * Waits for a background upload: this process is the one running its ffmpeg, and closing the
     * Depot stops it, so returning at once would leave the record PROCESSING until a refresh an
     * hour later.
     */
    private boolean finished(MediaLibrary library, MediaAttachment a) {
        int shown = -1;
        while (a.status() == MediaAttachment.Status.QUEUED || a.status() == MediaAttachment.Status.PROCESSING) {
            int progress = a.progress() == null ? 0 : a.progress();
            if (progress != shown) {
                shown = progress;
                err().println("processing " + a.id() + ": " + a.status().name().toLowerCase(java.util.Locale.ROOT)
                        + ", " + shown + " %");
                err().flush();
            }
            a = library.await(a.id(), java.time.Duration.ofSeconds(1));
        }
        if (a.status() == MediaAttachment.Status.FAILED) {
            err().println("processing " + a.id() + " failed: " + a.failure());
            return false;
        }
        return true;
    }
}
