package dev.depot.internal;

import dev.depot.spi.RawEntry;
import dev.depot.spi.RawMap;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The compare-and-set retry loops behind {@code compute*}, {@code merge} and {@code replaceAll}
 * of a map over a store: read the stored bytes, apply the function, then write only if the store
 * still holds those exact bytes ({@code replace(k, expected, v)}, {@code putIfAbsent},
 * {@code remove(k, expected)}), else read again and retry. The store's own compare-and-set makes
 * this correct between processes, which a JVM lock would not; the price, documented on
 * {@link dev.depot.DbMap}, is that functions may run more than once under contention.
 *
 * <p>Every read here is {@link RawMap#getForUpdate}: a replica that lags would make a
 * {@code computeIfPresent} miss a present key, or a {@code merge} retry until it catches up.
 *
 * <p>Stateless apart from the map it works on; thread-safe. Arguments are checked by the caller.
 */
final class OptimisticUpdates<K, V> {
    private final EntryCodec<K, V> codec;
    private final RawMap raw;

    OptimisticUpdates(EntryCodec<K, V> codec, RawMap raw) {
        this.codec = codec;
        this.raw = raw;
    }

    V computeIfAbsent(K key, byte[] kb, Function<? super K, ? extends V> fn) {
        byte[] current = raw.getForUpdate(kb);
        if (current != null) {
            return codec.decodeValue(kb, current);
        }
        V created = fn.apply(key);
        if (created == null) {
            return null;
        }
        byte[] existing = raw.putIfAbsent(kb, codec.encodeValue(created));
        return existing == null ? created : codec.decodeValue(kb, existing);
    }

    V computeIfPresent(K key, byte[] kb, BiFunction<? super K, ? super V, ? extends V> fn) {
        while (true) {
            byte[] current = raw.getForUpdate(kb);
            if (current == null) {
                return null;
            }
            V next = fn.apply(key, codec.decodeValue(kb, current));
            if (next == null) {
                if (raw.remove(kb, current)) {
                    return null;
                }
            } else if (raw.replace(kb, current, codec.encodeValue(next))) {
                return next;
            }
        }
    }

    V compute(K key, byte[] kb, BiFunction<? super K, ? super V, ? extends V> fn) {
        while (true) {
            byte[] current = raw.getForUpdate(kb);
            V next = fn.apply(key, current == null ? null : codec.decodeValue(kb, current));
            if (swap(kb, current, next)) {
                return next;
            }
        }
    }

    V merge(byte[] kb, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
        byte[] given = codec.encodeValue(value);
        while (true) {
            byte[] current = raw.getForUpdate(kb);
            if (current == null) {
                if (raw.putIfAbsent(kb, given) == null) {
                    return value;
                }
                continue;
            }
            V next = fn.apply(codec.decodeValue(kb, current), value);
            if (swap(kb, current, next)) {
                return next;
            }
        }
    }

    /**
     * Replaces each entry of {@code entries} with the function's result, retrying a key whose
     * value changed meanwhile; keys removed meanwhile are skipped, like {@code ConcurrentHashMap}.
     * Tells {@code replaced} each value stored and {@code gone} each key skipped.
     */
    void replaceAll(Iterator<RawEntry> entries, BiFunction<? super K, ? super V, ? extends V> fn,
            BiConsumer<K, V> replaced, Consumer<K> gone) {
        while (entries.hasNext()) {
            RawEntry e = entries.next();
            byte[] current = e.value();
            K k = codec.decodeKey(e.key());
            while (current != null) {
                V next = Objects.requireNonNull(fn.apply(k, codec.decodeValue(e.key(), current)), "function returned null");
                if (raw.replace(e.key(), current, codec.encodeValue(next))) {
                    replaced.accept(k, next);
                    break;
                }
                current = raw.getForUpdate(e.key());
            }
            if (current == null) {
                gone.accept(k);
            }
        }
    }

    /** Moves the key from {@code current} bytes (null: absent) to {@code next} (null: remove), if still current. */
    private boolean swap(byte[] kb, byte[] current, V next) {
        if (current == null) {
            return next == null || raw.putIfAbsent(kb, codec.encodeValue(next)) == null;
        }
        if (next == null) {
            return raw.remove(kb, current);
        }
        return raw.replace(kb, current, codec.encodeValue(next));
    }
}
