package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.MapInfo;
import picocli.CommandLine.Command;

/** {@code depot delete MAP KEY}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Removes KEY from MAP; exit code 1 when the key was absent. The key is written in the map's "
                + "key codec (long/int decimal, string as is, uuid canonical, instant ISO-8601, bytes base64, json).")
final class DeleteCommand extends MapCommand.Keyed {
    @Override
    int call(Depot depot) {
        MapInfo info = existingMap(depot, map);
        Object k = text(info, info.keyCodecId()).parse(key, "key");
        if (!open(depot, info).delete(k)) {
            err().println("depot delete: no key '" + key + "' in map '" + map + "'");
            return OneLineErrorHandler.FAILURE;
        }
        return 0;
    }
}
