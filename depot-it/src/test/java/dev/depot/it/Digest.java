package dev.depot.it;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MapInfo;
import dev.depot.testkit.BlobStoreContractTests;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A digest over every map of a Depot: map names, codec ids, and every entry's encoded key and
 * value, in byte order of the keys, so two stores with the same data give the same digest
 * whatever their iteration order.
 */
final class Digest {
    private Digest() {}

    /** The digest of a store's prefix, read through a Depot of its own with the maps' recorded codecs. */
    static String of(DepotConfig config) {
        try (Depot depot = Depot.open(config)) {
            return of(depot);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String of(Depot depot) {
        MessageDigest sha = BlobStoreContractTests.sha256Digest();
        for (MapInfo info : depot.maps()) {
            sha.update((info.name() + "|" + info.keyCodecId() + "|" + info.valueCodecId() + "\n").getBytes());
            Codec keys = Codec.forId(info.keyCodecId());
            Codec values = Codec.forId(info.valueCodecId());
            DbMap map = depot.map(info.name(), keys, values);
            List<byte[][]> entries = new ArrayList<>();
            try (var stream = map.stream()) {
                stream.forEach(o -> {
                    Map.Entry e = (Map.Entry) o;
                    entries.add(new byte[][] {keys.encode(e.getKey()), values.encode(e.getValue())});
                });
            }
            entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
            sha.update(Long.toString(entries.size()).getBytes());
            for (byte[][] e : entries) {
                sha.update(Integer.toString(e[0].length).getBytes());
                sha.update(e[0]);
                sha.update(Integer.toString(e[1].length).getBytes());
                sha.update(e[1]);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
