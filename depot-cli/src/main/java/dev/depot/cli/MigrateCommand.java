package dev.depot.cli;

import dev.depot.DepotConfig;
import dev.depot.MigrationProgress;
import dev.depot.spi.StoreUrl;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code depot migrate --from URL --to URL}: copies every map of the prefix, with a progress bar
 * and a summary per map. Resumable: run it again after an interruption and it goes on from the
 * last checkpoint. Takes both stores' leases, so it refuses to run while a program uses either.
 */
@Command(name = "migrate", description = {
        "Copies every map of the prefix from one store to another, page by page, resuming after an",
        "interruption; the source is left as it is unless --drop-source is given."})
final class MigrateCommand extends CopyCommand {
    @ParentCommand
    DepotCommand root;

    @Option(names = "--drop-source", description = "Delete the maps from the source once all are copied and verified.")
    boolean dropSource;

    @Override
    public Integer call() {
        return copy("depot-migrate-", scratch -> {
            DepotConfig.Builder config = root.config().toBuilder();
            if (to != null) {
                config.url(to);
                // store parameters from the environment (PREPARED_STATEMENTS, DEPOT_DIRECT_URL) belong
                // to the environment's store; --to names another, whose parameters go in its URL
                root.config().storeParams().keySet().forEach(p -> config.storeParam(p, null));
            }
            config.migrateFrom(from).dropSourceAfterMigration(dropSource).autoMigrate(false);
            DepotCommand.keepBlobFolder(config);
            return config.sessionDir(scratch);
        }, built -> "Migrating prefix '" + built.prefix() + "' from " + StoreUrl.parse(from).masked() + " to " + built.maskedUrl(),
                this::progress,
                depot -> depot.maps().size() + " maps in " + depot.storeDescription()
                        + (dropSource ? "; the source's maps were dropped" : "; the source is unchanged"));
    }

    private void progress(MigrationProgressLine line, MigrationProgress p) {
        String name = "[" + p.mapIndex() + "/" + p.mapCount() + "] " + p.map();
        line.show(name, p, "entries", name + ": " + String.format(Locale.ROOT, "%,d", p.copied()) + " entries, count verified, "
                + MigrationProgressLine.seconds(p.elapsed()));
    }
}
