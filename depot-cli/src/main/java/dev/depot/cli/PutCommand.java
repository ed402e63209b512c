package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.MapInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depot put MAP KEY VALUE}: writes with the map's recorded codecs, or creates the map. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Stores VALUE under KEY in MAP.",
                "KEY and VALUE are written in the map's codecs: long/int decimal, string as is, "
                        + "uuid canonical, instant ISO-8601, bytes base64, json:<class> as JSON text.",
                "A map that does not exist yet is created with --key-codec and --value-codec."})
final class PutCommand extends MapCommand.Keyed {
    @Override
    boolean createsStore() {
        return true;
    }

    @Parameters(index = "2", paramLabel = "VALUE", description = "The value.")
    String value;

    @Option(names = "--key-codec", paramLabel = "ID",
            description = "Key codec of a new map: long, int, string, uuid, instant, bytes or json:<name> "
                    + "(default: string). For an existing map it must match the recorded one.")
    String keyCodec;

    @Option(names = "--value-codec", paramLabel = "ID",
            description = "Value codec of a new map, as for --key-codec (default: string).")
    String valueCodec;

    @Override
    int call(Depot depot) {
        MapInfo info = depot.mapInfo(map).orElse(null);
        String keyId;
        String valueId;
        if (info == null) {
            keyId = keyCodec == null ? "string" : keyCodec;
            valueId = valueCodec == null ? "string" : valueCodec;
        } else {
            keyId = recorded("--key-codec", keyCodec, info.keyCodecId());
            valueId = recorded("--value-codec", valueCodec, info.valueCodecId());
        }
        CodecText keys = info == null ? CodecText.forId(keyId) : text(info, keyId);
        CodecText values = info == null ? CodecText.forId(valueId) : text(info, valueId);
        Object k = keys.parse(key, "key");
        Object v = values.parse(value, "value");
        depot.map(map, keys.codec(), values.codec()).set(k, v);
        return 0;
    }

    private String recorded(String option, String given, String recorded) {
        if (given != null && !given.equals(recorded)) {
            throw new IllegalArgumentException("map '" + map + "' exists with " + option.substring(2) + " '"
                    + recorded + "', not '" + given + "'; leave " + option + " out");
        }
        return recorded;
    }
}
