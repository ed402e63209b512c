package dev.depot;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The space media take: what the records say next to what the blob store lists, and what makes
 * the difference. {@code listedBytes() - recordedBytes()} equals
 * {@code orphanBytes() + inFlightBytes() + unrecognisedBytes() - missingBytes()} for a store that
 * did not change during the count.
 *
 * @param recordedByKind  bytes the records name, per kind and style
 * @param cachedBytes     of those, the bytes of remote copies (under {@code cache/})
 * @param listedByStyle   bytes the blob store lists under the media folders, per style (from the key)
 * @param listedObjects   objects the blob store lists under the media folders
 * @param orphanBytes     listed bytes no record names
 * @param orphanObjects   objects no record names
 * @param missingBytes    recorded bytes of objects the store does not hold
 * @param missingObjects  objects records name that the store does not hold
 * @param inFlightBytes   listed bytes of uploads still processing or younger than an hour
 * @param unrecognisedBytes listed bytes under the media folders whose key is not a media key
 */
public record MediaUsage(Map<MediaType, Map<Style, Long>> recordedByKind, long cachedBytes,
                         Map<Style, Long> listedByStyle, long listedObjects, long orphanBytes, long orphanObjects,
                         long missingBytes, long missingObjects, long inFlightBytes, long unrecognisedBytes) {
    public MediaUsage {
        Map<MediaType, Map<Style, Long>> kinds = new EnumMap<>(MediaType.class);
        Objects.requireNonNull(recordedByKind, "recordedByKind").forEach((kind, styles) ->
                kinds.put(kind, styleCopy(styles)));
        recordedByKind = Collections.unmodifiableMap(kinds);
        listedByStyle = styleCopy(Objects.requireNonNull(listedByStyle, "listedByStyle"));
    }

    private static Map<Style, Long> styleCopy(Map<Style, Long> styles) {
        Map<Style, Long> copy = new EnumMap<>(Style.class);
        copy.putAll(styles);
        return Collections.unmodifiableMap(copy);
    }

    /** Every byte the records name. */
    public long recordedBytes() {
        return recordedByKind.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** Every byte listed under the media folders. */
    public long listedBytes() {
        return listedByStyle.values().stream().mapToLong(Long::longValue).sum() + unrecognisedBytes;
    }
}
