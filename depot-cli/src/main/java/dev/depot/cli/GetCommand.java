package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.MapInfo;
import picocli.CommandLine.Command;

/** {@code depot get MAP KEY}. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Prints the value of KEY in MAP; exit code 1 when the key is absent.",
                "Keys and values are written in the map's codec: long/int decimal, string as is, uuid canonical, "
                        + "instant ISO-8601, bytes base64, json as JSON text."})
final class GetCommand extends MapCommand.Keyed {
    @Override
    int call(Depot depot) {
        MapInfo info = existingMap(depot, map);
        CodecText keys = text(info, info.keyCodecId());
        CodecText values = text(info, info.valueCodecId());
        Object value = open(depot, info).get(keys.parse(key, "key"));
        if (value == null) {
            err().println("depot get: no key '" + key + "' in map '" + map + "'");
            return OneLineErrorHandler.FAILURE;
        }
        out().println(values.format(value));
        return 0;
    }
}
