package dev.depot.cli;

import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.MapInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand that opens the store, works on it, and closes it. */
abstract class StoreCommand implements Callable<Integer> {
    @ParentCommand
    DepotCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try (Depot depot = root.open()) {
            return call(depot);
        }
    }

    /** Runs the command on the open store; returns the exit code. */
    abstract int call(Depot depot);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** What the store recorded about the map {@code name}; fails when it does not exist. */
    static MapInfo existingMap(Depot depot, String name) {
        DepotCommand.checkMapName(name);
        return depot.mapInfo(name).orElseThrow(() -> new CommandFailure("no map '" + name + "' in "
                + depot.storeDescription() + " with prefix '" + depot.config().prefix()
                + "'; 'depot maps' lists the maps there"));
    }

    /** Opens an existing map with the codecs it was created with. */
    static DbMap<Object, Object> open(Depot depot, MapInfo info) {
        return depot.map(info.name(), CodecText.forId(info.keyCodecId()).codec(),
                CodecText.forId(info.valueCodecId()).codec());
    }
}
