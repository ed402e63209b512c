package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.MapInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code depot info}: the store, the prefix, and each map with its codecs and size. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Shows the store (password masked), the prefix, and every map with its key and value "
                + "codecs and its number of entries.")
final class InfoCommand extends StoreCommand {
    @Option(names = "--json", description = "Print one JSON document: store, prefix, maps[] with name, keyCodec, "
            + "valueCodec and entries (null when the map uses the program's own codec).")
    boolean json;

    @Override
    int call(Depot depot) {
        PrintWriter out = out();
        List<MapInfo> maps = depot.maps();
        if (json) {
            List<JsonOutput.InfoMap> rows = new ArrayList<>();
            for (MapInfo info : maps) {
                rows.add(new JsonOutput.InfoMap(info.name(), info.keyCodecId(), info.valueCodecId(),
                        readable(info) ? open(depot, info).sizeLong() : null));
            }
            JsonOutput.print(out, new JsonOutput.Info(depot.storeDescription(), depot.config().prefix(), rows));
            return 0;
        }
        out.println("Store:  " + depot.storeDescription());
        out.println("Prefix: " + depot.config().prefix());
        if (maps.isEmpty()) {
            out.println("Maps:   none yet (try 'depot demo', or 'depot put MAP KEY VALUE')");
            return 0;
        }
        out.println("Maps:   " + maps.size());
        int nameWidth = Math.max("MAP".length(), maps.stream().mapToInt(m -> m.name().length()).max().orElse(0));
        int keyWidth = Math.max("KEY".length(), maps.stream().mapToInt(m -> m.keyCodecId().length()).max().orElse(0));
        int valueWidth = Math.max("VALUE".length(), maps.stream().mapToInt(m -> m.valueCodecId().length()).max().orElse(0));
        String row = "  %-" + nameWidth + "s  %-" + keyWidth + "s  %-" + valueWidth + "s  %s%n";
        out.printf(row, "MAP", "KEY", "VALUE", "ENTRIES");
        for (MapInfo info : maps) {
            Object entries = readable(info) ? open(depot, info).sizeLong() : "? (the program's own codec)";
            out.printf(row, info.name(), info.keyCodecId(), info.valueCodecId(), entries);
        }
        return 0;
    }
}
