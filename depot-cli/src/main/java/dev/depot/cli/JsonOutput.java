package dev.depot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.depot.Depot;
import dev.depot.MapInfo;
import dev.depot.internal.DepotJson;
import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code --json} output of {@code depot info} and {@code depot maps}: one pretty-printed
 * document whose field names are part of the CLI's contract (README, "Scripting with --json");
 * fields may be added, never renamed or removed.
 */
final class JsonOutput {
    private JsonOutput() {}

    /** {@code depot info --json}. {@code entries} is null for a map with a codec the tool cannot read. */
    record Info(String store, String prefix, List<InfoMap> maps) {}

    record InfoMap(String name, String keyCodec, String valueCodec, Long entries) {}

    /** {@code depot maps --json}. */
    record Maps(String store, String prefix, List<MapEntry> maps) {}

    record MapEntry(String name, String keyCodec, String valueCodec) {
        static MapEntry of(MapInfo info) {
            return new MapEntry(info.name(), info.keyCodecId(), info.valueCodecId());
        }
    }

    static Maps maps(Depot depot) {
        return new Maps(depot.storeDescription(), depot.config().prefix(), depot.maps().stream().map(MapEntry::of).toList());
    }

    static void print(PrintWriter out, Object document) {
        try {
            out.println(DepotJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output: " + e.getOriginalMessage(), e); // a bug: records always serialize
        }
    }
}
