package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.MapInfo;
import dev.depot.internal.DepotImpl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code depot maps}: one map name per line, for scripts, or JSON with the codecs; and
 * {@code depot maps --rename-codec MAP --from OLD --to NEW}, which moves a map's recorded codec
 * id (after a record class was renamed, or to give its codec a name of its own).
 */
@Command(name = "maps", mixinStandardHelpOptions = true, description = {
        "Prints the name of every map, one per line.",
        "With --rename-codec MAP --from OLD --to NEW: changes the codec id recorded for MAP (its key, value or both,",
        "whichever is OLD) to NEW, e.g. --from json:com.example.Peer --to json:peer after the program switched to",
        "Codec.json(\"peer\", Peer.class). Takes the store's lease: refused (exit 4) while a program uses the store."})
final class MapsCommand extends StoreCommand {
    @Option(names = "--json", description = "Print one JSON document: store, prefix, maps[] with name, keyCodec, valueCodec.")
    boolean json;

    @Option(names = "--rename-codec", paramLabel = "MAP", description = "The map whose recorded codec id changes.")
    String renameMap;

    @Option(names = "--from", paramLabel = "OLD", description = "With --rename-codec: the codec id the map has now.")
    String from;

    @Option(names = "--to", paramLabel = "NEW", description = "With --rename-codec: the codec id it gets.")
    String to;

    @Override
    void checkArguments() {
        if (renameMap == null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("--from and --to go with --rename-codec MAP");
            }
            return;
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("--rename-codec needs --from OLD and --to NEW (codec ids as 'depot info' shows them)");
        }
        if (json) {
            throw new IllegalArgumentException("--json lists maps; it does not go with --rename-codec");
        }
        DepotCommand.checkMapName(renameMap);
        dev.depot.internal.codec.CodecNames.checkId(from);
        dev.depot.internal.codec.CodecNames.checkId(to);
    }

    @Override
    boolean takesLease() {
        return renameMap != null;
    }

    @Override
    int call(Depot depot) {
        if (renameMap != null) {
            existingMap(depot, renameMap);
            MapInfo moved = ((DepotImpl) depot).renameCodec(renameMap, from, to);
            out().println("Map '" + moved.name() + "' now has the codecs (" + moved.keyCodecId() + ", "
                    + moved.valueCodecId() + "); programs must open it with '" + to + "'");
            return 0;
        }
        if (json) {
            JsonOutput.print(out(), JsonOutput.maps(depot));
            return 0;
        }
        for (MapInfo info : depot.maps()) {
            out().println(info.name());
        }
        return 0;
    }
}
