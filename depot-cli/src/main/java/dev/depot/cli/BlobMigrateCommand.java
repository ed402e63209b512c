package dev.depot.cli;

import dev.depot.DepotConfig;
import dev.depot.MigrationProgress;
import dev.depot.internal.blob.BlobStores;
import dev.depot.spi.StoreUrl;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code depot blobs migrate --from URL --to URL}: copies every object with a progress bar, as a
 * program's open does after its blob URL changed. The checkpoint lives in the map store
 * ({@code --url}, else the environment), so a rerun resumes; that store's lease is taken, so it
 * refuses to run while a program uses it.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = {
        "Copies every object from one blob store to another, streamed, page by page, each verified by size and",
        "SHA-256, resuming after an interruption (the checkpoint is kept in the map store of --url). The source is",
        "left as it is."})
final class BlobMigrateCommand extends CopyCommand {
    @ParentCommand
    BlobsCommand blobs;

    /** Objects copied and verified, once the migration is done; -1 before. */
    private long migrated = -1;

    @Override
    public Integer call() {
        DepotConfig base = blobs.config();
        // file: without a folder means the program's session folder, not the tool's scratch one
        String source = absolute(from, base);
        String target = absolute(to != null ? to : base.blobUrl().orElseThrow(() -> new IllegalArgumentException(
                "give --to (or --blob-url, or set DEPOT_BLOB_URL): the blob store to copy to")), base);
        return copy("depot-blobs-migrate-",
                scratch -> base.toBuilder().blobUrl(target).migrateBlobsFrom(source).autoMigrate(false).sessionDir(scratch),
                built -> "Migrating blobs from " + StoreUrl.parse(source).masked() + " to " + StoreUrl.parse(target).masked()
                        + " (checkpoint in " + base.maskedUrl() + ")",
                this::progress,
                depot -> (migrated < 0 ? "nothing to copy (already migrated, or the same store)"
                        : String.format(Locale.ROOT, "%,d", migrated) + " objects in " + depot.blobs().description())
                        + "; the source is unchanged");
    }

    private static String absolute(String url, DepotConfig config) {
        StoreUrl parsed = StoreUrl.parse(url);
        if (parsed.scheme().equals("file") && parsed.path().isEmpty() && !parsed.hierarchical()) {
            String folder = BlobStores.identity(url, config);
            String base = parsed.params().get("baseUrl");
            return base == null ? folder : folder + "?baseUrl=" + java.net.URLEncoder.encode(base, java.nio.charset.StandardCharsets.UTF_8);
        }
        return url;
    }

    private void progress(MigrationProgressLine line, MigrationProgress p) {
        if (p.mapDone()) {
            migrated = p.copied();
        }
        line.show("blobs", p, "objects", String.format(Locale.ROOT, "blobs: %,d objects, each verified by size and SHA-256, %s",
                p.copied(), MigrationProgressLine.seconds(p.elapsed())));
    }
}
