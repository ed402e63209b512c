package dev.depot.internal.memory;

import dev.depot.spi.ByteKey;

import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import dev.depot.spi.RawPage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A map of bytes in memory: the metadata map, and maps loaded from a snapshot that no one has
 * opened with their codecs yet. Sorted, so scans page by key like the SQL stores do.
 */
final class MemoryRawMap implements RawMap {
    private final ConcurrentSkipListMap<ByteKey, byte[]> entries = new ConcurrentSkipListMap<>();

    ConcurrentSkipListMap<ByteKey, byte[]> entries() {
        return entries;
    }

    @Override
    public byte[] get(byte[] key) {
        return copy(entries.get(new ByteKey(key)));
    }

    @Override
    public boolean containsKey(byte[] key) {
        return entries.containsKey(new ByteKey(key));
    }

    @Override
    public byte[] put(byte[] key, byte[] value) {
        return entries.put(new ByteKey(key.clone()), value.clone());
    }

    @Override
    public void set(byte[] key, byte[] value) {
        entries.put(new ByteKey(key.clone()), value.clone());
    }

    @Override
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        return copy(entries.putIfAbsent(new ByteKey(key.clone()), value.clone()));
    }

    @Override
    public byte[] replace(byte[] key, byte[] value) {
        return entries.replace(new ByteKey(key), value.clone());
    }

    @Override
    public boolean replace(byte[] key, byte[] expected, byte[] value) {
        ByteKey k = new ByteKey(key);
        boolean[] done = {false};
        entries.computeIfPresent(k, (kk, cur) -> {
            if (Arrays.equals(cur, expected)) {
                done[0] = true;
                return value.clone();
            }
            return cur;
        });
        return done[0];
    }

    @Override
    public byte[] remove(byte[] key) {
        return entries.remove(new ByteKey(key));
    }

    @Override
    public boolean delete(byte[] key) {
        return entries.remove(new ByteKey(key)) != null;
    }

    @Override
    public boolean remove(byte[] key, byte[] expected) {
        ByteKey k = new ByteKey(key);
        boolean[] done = {false};
        entries.computeIfPresent(k, (kk, cur) -> {
            if (Arrays.equals(cur, expected)) {
                done[0] = true;
                return null;
            }
            return cur;
        });
        return done[0];
    }

    @Override
    public long size() {
        return entries.size();
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public void putAll(List<RawEntry> batch) {
        for (RawEntry e : batch) {
            set(e.key(), e.value());
        }
    }

    @Override
    public RawPage scan(byte[] cursor, int limit) {
        ConcurrentNavigableMap<ByteKey, byte[]> tail = cursor == null ? entries : entries.tailMap(new ByteKey(cursor), false);
        List<RawEntry> page = new ArrayList<>(Math.min(limit, 1024));
        for (Map.Entry<ByteKey, byte[]> e : tail.entrySet()) {
            if (page.size() == limit) {
                return new RawPage(page, page.get(page.size() - 1).key());
            }
            page.add(new RawEntry(e.getKey().bytes().clone(), e.getValue().clone()));
        }
        return new RawPage(page, null);
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }
}
