package dev.depot.internal;

import dev.depot.Codec;
import dev.depot.CodecMismatchException;
import dev.depot.DepotException;
import dev.depot.MapInfo;
import dev.depot.StorageType;
import dev.depot.internal.codec.BuiltinCodecs;
import dev.depot.internal.codec.CodecNames;
import dev.depot.internal.codec.JsonCodec;
import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawMapSpec;
import dev.depot.spi.RawPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The record of every map of a prefix, kept in the store's metadata map under
 * {@code map:<name>} as a small JSON document (codec ids, storage layout, schema version). It
 * is read once when the Depot opens, so opening many existing maps costs no extra round trips.
 * A record is written with {@code putIfAbsent}, so two processes creating the same map at once
 * agree on one set of codecs.
 */
final class MapRegistry {
    static final String KEY_PREFIX = "map:";
    static final int SCHEMA_VERSION = 1;

    /** The stored form of a map record. */
    record MapRecord(String keyCodec, String valueCodec, StorageType keyType, StorageType valueType, int version) {
        MapInfo info(String name) {
            return new MapInfo(name, keyCodec, valueCodec);
        }
    }

    private final RawMap meta;
    private final String storeDescription;
    private final Map<String, MapRecord> known = new ConcurrentHashMap<>();

    MapRegistry(RawMap meta, String storeDescription, int pageSize) {
        this.meta = meta;
        this.storeDescription = storeDescription;
        byte[] cursor = null;
        do {
            RawPage page = meta.scan(cursor, pageSize);
            for (RawEntry e : page.entries()) {
                String key = new String(e.key(), StandardCharsets.UTF_8);
                if (key.startsWith(KEY_PREFIX)) {
                    known.put(key.substring(KEY_PREFIX.length()), parse(key, e.value()));
                }
            }
            cursor = page.next();
        } while (cursor != null);
    }

    static RawMapSpec spec(String name, Codec<?> keyCodec, Codec<?> valueCodec) {
        StorageType keyType = keyCodec.storageType() == StorageType.JSON ? StorageType.BINARY : keyCodec.storageType();
        StorageType valueType = valueCodec.storageType() == StorageType.JSON ? StorageType.JSON : StorageType.BINARY;
        return new RawMapSpec(name, keyType, valueType);
    }

    /**
     * Checks the codecs against the map's record, or records them when the map is new;
     * {@code create} makes the table and runs before the record is written.
     */
    void register(String name, Codec<?> keyCodec, Codec<?> valueCodec, Runnable create) {
        RawMapSpec spec = spec(name, keyCodec, valueCodec);
        MapRecord wanted = new MapRecord(keyCodec.id(), valueCodec.id(), spec.keyType(), spec.valueType(), SCHEMA_VERSION);
        MapRecord existing = known.get(name);
        if (existing == null) {
            for (String other : known.keySet()) {
                if (other.equalsIgnoreCase(name)) {
                    // SQLite, MySQL on some systems and humans reading table lists do not tell case apart.
                    throw new IllegalArgumentException("map name '" + name + "' differs from the existing map '" + other
                            + "' only in case; map names must be unique ignoring case");
                }
            }
            byte[] key = (KEY_PREFIX + name).getBytes(StandardCharsets.UTF_8);
            byte[] stored = meta.get(key); // another process may have created it since we opened
            if (stored == null) {
                create.run();
                stored = meta.putIfAbsent(key, write(wanted));
            }
            existing = stored == null ? wanted : parse(KEY_PREFIX + name, stored);
            known.put(name, existing);
        }
        if (!existing.keyCodec().equals(wanted.keyCodec()) || !existing.valueCodec().equals(wanted.valueCodec())) {
            throw new CodecMismatchException("map '" + name + "' in " + storeDescription + " was created with codecs ("
                    + existing.keyCodec() + ", " + existing.valueCodec() + ") but is opened with (" + wanted.keyCodec()
                    + ", " + wanted.valueCodec() + "); nothing was read or written. Open it with the codecs it was"
                    + " created with, or use another map name");
        }
    }

    /** Every record, by map name, sorted. */
    Map<String, MapRecord> records() {
        return new java.util.TreeMap<>(known);
    }

    static RawMapSpec spec(MapRecord r, String name) {
        return new RawMapSpec(name, r.keyType(), r.valueType());
    }

    /**
     * Takes over a record from another store (migration): checks it against an existing one
     * and writes it when absent.
     */
    void adopt(String name, MapRecord record) {
        byte[] key = (KEY_PREFIX + name).getBytes(StandardCharsets.UTF_8);
        byte[] stored = meta.putIfAbsent(key, write(record));
        MapRecord existing = stored == null ? record : parse(KEY_PREFIX + name, stored);
        if (!existing.keyCodec().equals(record.keyCodec()) || !existing.valueCodec().equals(record.valueCodec())) {
            throw new dev.depot.MigrationException("map '" + name + "' exists in " + storeDescription + " with codecs ("
                    + existing.keyCodec() + ", " + existing.valueCodec() + ") but the source has (" + record.keyCodec()
                    + ", " + record.valueCodec() + "); nothing was copied. Drop the map in the target or rename it", null);
        }
        known.put(name, existing);
    }

    /**
     * Moves the map's recorded codec id {@code from} to {@code to}, on the key, the value or
     * both (whichever has {@code from}); the storage layout stays. Reads the record from the
     * store, not the copy read at open, and writes it with compare-and-set, so a concurrent
     * change is reported rather than overwritten. Only ids of the application's own codecs move,
     * and a {@code json:} id only to another {@code json:} id: the table's layout must still fit.
     *
     * @throws IllegalArgumentException when the map does not exist, an id is invalid or built-in,
     *                                  or the kinds differ
     * @throws CodecMismatchException   when neither codec of the map has the id {@code from}
     */
    MapInfo renameCodec(String name, String from, String to) {
        CodecNames.checkId(from);
        CodecNames.checkId(to);
        for (String id : List.of(from, to)) {
            if (BuiltinCodecs.isBuiltinId(id)) {
                throw new IllegalArgumentException("'" + id + "' is a built-in codec id; only the ids of the application's"
                        + " own codecs (json:... and custom ones) can be renamed");
            }
        }
        if (from.startsWith(JsonCodec.ID_PREFIX) != to.startsWith(JsonCodec.ID_PREFIX)) {
            throw new IllegalArgumentException("cannot rename '" + from + "' to '" + to + "': a json: id moves only to"
                    + " another json: id, and a custom id to another custom id, so the stored layout still fits");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("the old and new codec ids are both '" + from + "'");
        }
        byte[] key = (KEY_PREFIX + name).getBytes(StandardCharsets.UTF_8);
        byte[] stored = meta.get(key);
        if (stored == null) {
            throw new IllegalArgumentException("no map '" + name + "' in " + storeDescription);
        }
        MapRecord r = parse(KEY_PREFIX + name, stored);
        if (!r.keyCodec().equals(from) && !r.valueCodec().equals(from)) {
            throw new CodecMismatchException("map '" + name + "' in " + storeDescription + " has the codecs ("
                    + r.keyCodec() + ", " + r.valueCodec() + "), neither is '" + from + "'; nothing was changed");
        }
        MapRecord moved = new MapRecord(r.keyCodec().equals(from) ? to : r.keyCodec(),
                r.valueCodec().equals(from) ? to : r.valueCodec(), r.keyType(), r.valueType(), r.version());
        if (!meta.replace(key, stored, write(moved))) {
            throw new DepotException("the record of map '" + name + "' in " + storeDescription
                    + " changed while its codec was being renamed; nothing was changed, try again");
        }
        known.put(name, moved);
        return moved.info(name);
    }

    /** Forgets a map's record (after its data was dropped). */
    void forget(String name) {
        meta.delete((KEY_PREFIX + name).getBytes(StandardCharsets.UTF_8));
        known.remove(name);
    }

    List<MapInfo> all() {
        List<MapInfo> out = new ArrayList<>();
        known.forEach((name, r) -> out.add(r.info(name)));
        out.sort(Comparator.comparing(MapInfo::name));
        return out;
    }

    Optional<MapInfo> find(String name) {
        MapRecord r = known.get(name);
        if (r == null) {
            byte[] stored = meta.get((KEY_PREFIX + name).getBytes(StandardCharsets.UTF_8));
            if (stored != null) {
                r = parse(KEY_PREFIX + name, stored);
                known.put(name, r);
            }
        }
        return Optional.ofNullable(r).map(rec -> rec.info(name));
    }

    private static byte[] write(MapRecord r) {
        return DepotJson.write(r, "a map record");
    }

    private MapRecord parse(String key, byte[] bytes) {
        try {
            return DepotJson.MAPPER.readValue(bytes, MapRecord.class);
        } catch (IOException e) {
            throw new DepotException("the metadata entry '" + key + "' in " + storeDescription
                    + " is not a map record Depot can read: " + e.getMessage(), e);
        }
    }
}
