package dev.depot.cli;

import picocli.CommandLine.Parameters;

/** A store subcommand on one map, named by its first argument; the name is checked before the store opens. */
abstract class MapCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "MAP", description = "The map.")
    String map;

    @Override
    void checkArguments() {
        DepotCommand.checkMapName(map);
    }

    /** A subcommand on one key of one map: {@code MAP KEY}, the key in the form of the map's key codec. */
    abstract static class Keyed extends MapCommand {
        @Parameters(index = "1", paramLabel = "KEY", description = "The key, in the form of the map's key codec.")
        String key;
    }
}
