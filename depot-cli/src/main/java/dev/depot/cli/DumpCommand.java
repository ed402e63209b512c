package dev.depot.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.Depot;
import dev.depot.MapInfo;
import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/** {@code depot dump MAP}: every entry as a JSON line, streamed page by page. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Prints every entry of MAP as a line of JSON with its key and value.",
                "Each line is {\"key\": KEY, \"value\": VALUE}.",
                "Numbers stay numbers and JSON values are embedded as JSON; strings, UUIDs and instants "
                        + "are JSON strings, bytes base64 strings. The map is read page by page, never loaded whole."})
final class DumpCommand extends MapCommand {
    @Override
    int call(Depot depot) {
        MapInfo info = existingMap(depot, map);
        CodecText keys = text(info, info.keyCodecId());
        CodecText values = text(info, info.valueCodecId());
        PrintWriter out = out();
        try (Stream<Map.Entry<Object, Object>> entries = open(depot, info).stream()) {
            entries.forEach(e -> {
                ObjectNode line = JsonNodeFactory.instance.objectNode();
                line.set("key", keys.toJson(e.getKey()));
                line.set("value", values.toJson(e.getValue()));
                out.println(line);
            });
        }
        out.flush();
        return 0;
    }
}
