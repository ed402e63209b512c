package dev.depot.cli;


import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MigrationProgress;
import dev.depot.internal.blob.BlobStores;
import dev.depot.spi.StoreUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

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
final class BlobMigrateCommand implements Callable<Integer> {
    private static final int BAR = 30;

    @ParentCommand
    BlobsCommand blobs;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL", description = "The blob store to copy from.")
    String from;

    @Option(names = "--to", paramLabel = "URL", description = "The blob store to copy to (default: --blob-url, else the environment).")
    String to;

    private int shown;
    /** Objects copied and verified, once the migration is done; -1 before. */
    private long migrated = -1;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DepotConfig base = blobs.config();
        String target = to != null ? to : base.blobUrl().orElseThrow(() -> new IllegalArgumentException(
                "give --to (or --blob-url, or set DEPOT_BLOB_URL): the blob store to copy to"));
        // file: without a folder means the program's session folder, not the tool's scratch one
        String source = absolute(from, base);
        target = absolute(target, base);
        Path scratch;
        try {
            scratch = Files.createTempDirectory("depot-blobs-migrate-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        out.println("Migrating blobs from " + StoreUrl.parse(source).masked() + " to " + StoreUrl.parse(target).masked()
                + " (checkpoint in " + base.maskedUrl() + ")");
        out.flush();
        long started = System.nanoTime();
        DepotConfig config = base.toBuilder().blobUrl(target).migrateBlobsFrom(source).autoMigrate(false).sessionDir(scratch)
                .migrationListener(p -> progress(out, p)).build();
        try (Depot depot = Depot.open(config)) {
            out.println("Done in " + seconds(Duration.ofNanos(System.nanoTime() - started)) + ": "
                    + (migrated < 0 ? "nothing to copy (already migrated, or the same store)"
                    : String.format(Locale.ROOT, "%,d", migrated) + " objects in " + depot.blobs().description())
                    + "; the source is unchanged");
        } finally {
            InspectedStore.delete(scratch);
        }
        return 0;
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

    private void progress(PrintWriter out, MigrationProgress p) {
        String line;
        if (p.mapDone()) {
            migrated = p.copied();
            line = String.format(Locale.ROOT, "blobs: %,d objects, each verified by size and SHA-256, %s", p.copied(), seconds(p.elapsed()))
                    + (p.copiedThisRun() > 0 ? String.format(Locale.ROOT, " (%,.0f objects/s)", p.rate()) : " (copied earlier)");
        } else {
            double share = p.total() <= 0 ? 1 : Math.min(1, (double) p.copied() / p.total());
            int filled = (int) Math.round(share * BAR);
            Duration eta = p.eta();
            line = String.format(Locale.ROOT, "blobs [%s%s] %,d/%,d  %,.0f objects/s  ETA %s", "#".repeat(filled),
                    ".".repeat(BAR - filled), p.copied(), p.total(), p.rate(), eta == null ? "?" : seconds(eta));
        }
        out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        shown = line.length();
        if (p.mapDone()) {
            out.println();
            shown = 0;
        }
        out.flush();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

}
