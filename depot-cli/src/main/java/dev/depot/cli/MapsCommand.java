package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.MapInfo;
import picocli.CommandLine.Command;

/** {@code depot maps}: one map name per line, for scripts. */
@Command(name = "maps", mixinStandardHelpOptions = true, description = "Prints the name of every map, one per line.")
final class MapsCommand extends StoreCommand {
    @Override
    int call(Depot depot) {
        for (MapInfo info : depot.maps()) {
            out().println(info.name());
        }
        return 0;
    }
}
