package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MigrationProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code depot migrate} and {@code depot blobs migrate}: their {@code --from} and {@code --to}
 * options and the run they share. The copy opens a Depot in a scratch session folder (so the
 * program's own state file is left alone), shows a progress line, ends with "Done in ..." and
 * the command's summary, and removes the folder, also when the copy fails.
 */
abstract class CopyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL", description = "The store to copy from.")
    String from;

    @Option(names = "--to", paramLabel = "URL",
            description = "The store to copy to (default: --url, for blobs --blob-url, else the environment).")
    String to;

    /**
     * Runs the copy and returns the exit code (0; failures throw).
     *
     * @param scratchStem  the name start of the scratch session folder
     * @param config       the settings of the copying Depot, given the scratch folder
     * @param announcement the first line, given the settings
     * @param progress     shows one progress report on the line
     * @param summary      what was copied, after "Done in ...: ", given the open Depot
     */
    final int copy(String scratchStem, Function<Path, DepotConfig.Builder> config, Function<DepotConfig, String> announcement,
                   BiConsumer<MigrationProgressLine, MigrationProgress> progress, Function<Depot, String> summary) {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = MigrationProgressLine.scratchFolder(scratchStem);
        try {
            DepotConfig.Builder settings = config.apply(scratch);
            out.println(announcement.apply(settings.build()));
            out.flush();
            long started = System.nanoTime();
            MigrationProgressLine line = new MigrationProgressLine(out);
            try (Depot depot = Depot.open(settings.migrationListener(p -> progress.accept(line, p)).build())) {
                out.println("Done in " + MigrationProgressLine.seconds(Duration.ofNanos(System.nanoTime() - started)) + ": "
                        + summary.apply(depot));
            }
        } finally {
            InspectedStore.delete(scratch);
        }
        return 0;
    }
}
