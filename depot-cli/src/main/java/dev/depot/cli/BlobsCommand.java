package dev.depot.cli;

import dev.depot.BlobStore;
import dev.depot.DepotConfig;
import dev.depot.internal.blob.BlobStores;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code depot blobs ...}: the objects a program keeps with {@code Depot.blobs()}. Holds the
 * {@code --blob-url} option its subcommands share and opens the blob store it names.
 */
@Command(name = "blobs", mixinStandardHelpOptions = true,
        description = {"Lists, reads, writes and moves the objects (media) a program keeps with Depot.",
                "The blob store comes from --blob-url, else the environment (DEPOT_BLOB_URL, S3_ENABLED=true with S3_*, "
                        + "PAPERCLIP_ROOT_PATH/PAPERCLIP_ROOT_URL/CDN_HOST), else the session folder's media/ "
                        + "(DEPOT_SESSION_DIR, else ./depot-data)."},
        subcommands = {BlobLsCommand.class, BlobPutCommand.class, BlobGetCommand.class, BlobRmCommand.class,
                BlobUrlCommand.class, BlobUsageCommand.class, BlobMigrateCommand.class})
final class BlobsCommand extends CommandGroup {
    @ParentCommand
    DepotCommand root;

    @Option(names = "--blob-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The blob store: file:FOLDER[?baseUrl=URL] or s3://BUCKET?endpoint=...&region=... "
                    + "(S3 credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).")
    String blobUrl;

    /** The settings: the root's, with {@code --blob-url} in place of the environment's blob URL. */
    DepotConfig config() {
        DepotConfig config = root.config();
        return blobUrl == null ? config : config.toBuilder().blobUrl(blobUrl).build();
    }

    /**
     * The blob URL to use.
     *
     * @throws IllegalArgumentException when none is set and there is no session folder for the default
     */
    String url(DepotConfig config) {
        if (config.blobUrl().isEmpty() && config.sessionFolder().isEmpty()) {
            throw new IllegalArgumentException("no blob store: give --blob-url, or set DEPOT_BLOB_URL (or DEPOT_SESSION_DIR,"
                    + " whose media/ is the default)");
        }
        return BlobStores.configuredUrl(config);
    }

    /** Opens the blob store; the caller closes it with {@link BlobStores#close}. */
    BlobStore open() {
        root.logLevel();
        DepotConfig config = config();
        return BlobStores.open(url(config), config);
    }

    /** Where {@code get} writes bytes when no file is named. */
    OutputStream stdout() {
        return root.binaryOut;
    }

    /** The environment with the blob URL options applied; for commands that open a Depot. */
    Map<String, String> environment() {
        return new HashMap<>(root.environmentWithOptions());
    }
}
