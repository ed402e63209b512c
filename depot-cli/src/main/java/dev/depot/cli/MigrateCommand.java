package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MigrationProgress;
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
 * {@code depot migrate --from URL --to URL}: copies every map of the prefix, with a progress bar
 * and a summary per map. Resumable: run it again after an interruption and it goes on from the
 * last checkpoint. Takes both stores' leases, so it refuses to run while a program uses either.
 */
@Command(name = "migrate", description = {
        "Copies every map of the prefix from one store to another, page by page, resuming after an",
        "interruption; the source is left as it is unless --drop-source is given."})
final class MigrateCommand implements Callable<Integer> {
    private static final int BAR = 30;

    @ParentCommand
    DepotCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL", description = "The store to copy from.")
    String from;

    @Option(names = "--to", paramLabel = "URL", description = "The store to copy to (default: --url, else the environment).")
    String to;

    @Option(names = "--drop-source", description = "Delete the maps from the source once all are copied and verified.")
    boolean dropSource;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DepotConfig.Builder config = root.config().toBuilder();
        if (to != null) {
            config.url(to);
            // store parameters from the environment (PREPARED_STATEMENTS, DEPOT_DIRECT_URL) belong
            // to the environment's store; --to names another, whose parameters go in its URL
            root.config().storeParams().keySet().forEach(p -> config.storeParam(p, null));
        }
        config.migrateFrom(from).dropSourceAfterMigration(dropSource).autoMigrate(false);
        Path scratch = scratchFolder(); // the program's depot-state.json is not the tool's to write
        DepotCommand.keepBlobFolder(config);
        config.sessionDir(scratch);
        String source = StoreUrl.parse(from).masked();
        DepotConfig built = config.build();
        out.println("Migrating prefix '" + built.prefix() + "' from " + source + " to " + built.maskedUrl());
        out.flush();
        long started = System.nanoTime();
        try (Depot depot = Depot.open(config.migrationListener(p -> progress(out, p)).build())) {
            out.println("Done in " + seconds(Duration.ofNanos(System.nanoTime() - started)) + ": " + depot.maps().size()
                    + " maps in " + depot.storeDescription() + (dropSource ? "; the source's maps were dropped" : "; the source is unchanged"));
        } finally {
            InspectedStore.delete(scratch);
        }
        return 0;
    }

    /** Width of the progress line on screen, so the next line can cover it completely. */
    private int shown;

    private void progress(PrintWriter out, MigrationProgress p) {
        String name = "[" + p.mapIndex() + "/" + p.mapCount() + "] " + p.map();
        String line;
        if (p.mapDone()) {
            line = name + ": " + String.format(Locale.ROOT, "%,d", p.copied()) + " entries, count verified, "
                    + seconds(p.elapsed()) + (p.copiedThisRun() > 0
                    ? String.format(Locale.ROOT, " (%,.0f entries/s)", p.rate()) : " (copied earlier)");
        } else {
            double share = p.total() <= 0 ? 1 : Math.min(1, (double) p.copied() / p.total());
            int filled = (int) Math.round(share * BAR);
            Duration eta = p.eta();
            line = String.format(Locale.ROOT, "%s [%s%s] %,d/%,d  %,.0f entries/s  ETA %s", name, "#".repeat(filled),
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

    private static Path scratchFolder() {
        try {
            return Files.createTempDirectory("depot-migrate-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }
}
