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
        checkArguments();
        try (InspectedStore store = root.openAsIs(createsStore(), null, takesLease())) {
            return call(store.depot());
        }
    }

    /** Whether the command may create the store (file, database, prefix) when it is missing; false for those that only look. */
    boolean createsStore() {
        return false;
    }

    /** Whether the command takes the prefix's lease (fails while a program runs); false: shared access. */
    boolean takesLease() {
        return false;
    }

    /** Rejects bad arguments before the store is opened, so bad input is reported first and opens nothing. */
    void checkArguments() {}

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

    /**
     * Opens an existing map with the codecs it was created with.
     *
     * @throws IllegalArgumentException when a codec is an application's own, which this tool cannot read
     */
    static DbMap<Object, Object> open(Depot depot, MapInfo info) {
        return depot.map(info.name(), text(info, info.keyCodecId()).codec(), text(info, info.valueCodecId()).codec());
    }

    /** True if this tool can read both of the map's codecs (built-in and JSON ones). */
    static boolean readable(MapInfo info) {
        return isBuiltin(info.keyCodecId()) && isBuiltin(info.valueCodecId());
    }

    /** The text form of one of the map's codecs. */
    static CodecText text(MapInfo info, String codecId) {
        if (!isBuiltin(codecId)) {
            throw new IllegalArgumentException("map '" + info.name() + "' uses the codec '" + codecId
                    + "' of the program that wrote it; this tool reads the built-in codecs (long, int, string, "
                    + "bytes, uuid, instant) and json:... ones only");
        }
        return CodecText.forId(codecId);
    }

    private static boolean isBuiltin(String codecId) {
        try {
            CodecText.forId(codecId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
