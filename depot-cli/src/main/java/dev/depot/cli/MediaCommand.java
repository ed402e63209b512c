package dev.depot.cli;

import dev.depot.DepotConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code depot media ...}: the uploads a program keeps with {@code Depot.media()}, their records in
 * the map store and their files in the blob store. Holds the {@code --blob-url} option its
 * subcommands share.
 */
@Command(name = "media", mixinStandardHelpOptions = true,
        description = {"Uploads, shows, refreshes and prunes media (records in the map store, files in the blob store).",
                "The blob store comes from --blob-url, else the environment (DEPOT_BLOB_URL, S3_ENABLED=true with S3_*, "
                        + "PAPERCLIP_ROOT_PATH...), else the session folder's media/ (DEPOT_SESSION_DIR, else ./depot-data).",
                "Images are processed with the vips tools (Debian package libvips-tools)."},
        subcommands = {MediaUploadCommand.class, MediaShowCommand.class, MediaRefreshCommand.class,
                MediaUsageCommand.class, MediaRemoveCommand.class, MediaRemoveUnattachedCommand.class,
                MediaRemoveOrphansCommand.class})
final class MediaCommand implements Runnable {
    @ParentCommand
    DepotCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--blob-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The blob store: file:FOLDER[?baseUrl=URL] or s3://BUCKET?endpoint=...&region=...")
    String blobUrl;

    @Option(names = "--allow-private-addresses", scope = ScopeType.INHERIT,
            description = "Let refresh fetch remote media from loopback and private networks (refused by default).")
    boolean privateAddresses;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Opens the map store as it is (see {@link DepotCommand#openAsIs}) with the blob store the
     * program would use. With the default SQLite store and no session folder yet, {@code ./depot-data}
     * is made first, as opening that store makes it in a program, so the files land in its
     * {@code media/} rather than in a throwaway folder.
     *
     * @throws IllegalArgumentException when there is no blob store to use
     */
    InspectedStore open(boolean create) {
        DepotConfig config = root.config();
        if (blobUrl != null) {
            config = config.toBuilder().blobUrl(blobUrl).build();
        }
        if (config.blobUrl().isEmpty() && config.sessionFolder().isEmpty()) {
            if (!create || !config.url().equals(DepotConfig.DEFAULT_URL)) {
                throw new IllegalArgumentException("no blob store: give --blob-url, or set DEPOT_BLOB_URL (or "
                        + "DEPOT_SESSION_DIR, whose media/ is the default)");
            }
            try {
                Files.createDirectories(Path.of("depot-data"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create ./depot-data: " + e.getMessage(), e);
            }
        }
        return root.openAsIs(create, blobUrl);
    }
}
